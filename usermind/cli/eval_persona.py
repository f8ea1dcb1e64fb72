"""``usermind eval persona``: persona recovery on reproducible simulated users."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("persona")
    def persona(
        out: Path = typer.Option(..., "--out", help="folder for persona.json"),
        users: int = typer.Option(50, "--users", help="simulated users"),
        seed: int = typer.Option(0, "--seed", help="simulation seed"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Precision, recall and F1 of the recovered (attribute, value, polarity) triples, LLM-free."""
        from usermind.errors import ConfigError

        def build() -> dict:
            from usermind.evals.persona_eval import run_persona_eval

            if users < 1:
                raise ConfigError("--users must be at least 1")
            report = {
                "benchmark": "persona",
                "seed": seed,
                **run_persona_eval(users, seed, progress=not quiet).model_dump(),
            }
            return report

        emit_report(out, "persona", build, summary=SUMMARY)


SUMMARY = ("users", "precision", "recall", "f1", "seconds")
