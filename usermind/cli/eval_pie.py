"""``usermind eval pie``: the rule-guided filter-bubble (PIE) avoidance benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("pie")
    def pie(
        out: Path = typer.Option(..., "--out", help="folder for pie.json and pie.png"),
        seed: int = typer.Option(0, "--seed", help="generator seed"),
        users: int = typer.Option(200, "--users", help="number of generated users"),
        k: int = typer.Option(10, "--k", help="recommendations per user"),
        rules: Optional[Path] = typer.Option(None, "--rules", help="PIE rule set (JSON)"),  # noqa: UP045
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
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
                progress=not quiet,
            )
            return report

        emit_report(out, "pie", build, summary=SUMMARY, plot=plot_pie)


SUMMARY = (
    "users",
    "methods.none.out_pie_rate",
    "methods.per_user.out_pie_rate",
    "methods.none.ndcg",
    "methods.per_user.ndcg",
    "bar.*",
)


def plot_pie(report: dict, path: Path) -> None:
    from usermind.evals.plotting import bar_plot

    groups = {
        method: {"Out-PIE": v["out_pie_rate"], "NDCG": v["ndcg"], "hit": v["hit_rate"]}
        for method, v in report["methods"].items()
    }
    bar_plot(groups, "Filter-bubble (PIE) avoidance", path, ylabel="rate")
