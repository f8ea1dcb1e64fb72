"""``usermind eval pie``: the rule-guided filter-bubble (PIE) avoidance benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("pie")
    def pie(
        out: Path = typer.Option(..., "--out", help="folder for pie.json"),
        seed: int = typer.Option(0, "--seed", help="generator seed"),
        users: int = typer.Option(200, "--users", help="number of generated users"),
        k: int = typer.Option(10, "--k", help="recommendations per user"),
        rules: Optional[Path] = typer.Option(None, "--rules", help="PIE rule set (JSON)"),  # noqa: UP045
    ) -> None:
        """Out-PIE rate and relevance for no adaptation, each strategy, and the per-user choice."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.pie import run_pie
            from usermind.evals.pie_data import PieBenchConfig
            from usermind.graphs.pie import DEFAULT_RULES, load_rules

            if users < 1 or k < 1:
                raise ConfigError("--users and --k must be at least 1")
            report = run_pie(
                PieBenchConfig(seed=seed, users=users),
                k=k,
                rules=load_rules(rules) if rules else DEFAULT_RULES,
            )
            return report

        emit_report(out, "pie", build)
