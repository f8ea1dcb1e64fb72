"""``usermind eval opbench``: OP-Bench irrelevance memory-free rate (LLM-free)."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.errors import UsermindError


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("opbench")
    def opbench(
        data: Path = typer.Option(..., "--data", help="OP-Bench JSON file (locomo10_overpersonalized.json)"),
        out: Path = typer.Option(..., "--out", help="folder for opbench.json"),
        k: int = typer.Option(10, "--k", help="memories recalled before verification"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Load each user's observations, ask the irrelevance questions, count memory-free answers."""
        import json

        from usermind.evals.opbench import run_opbench

        try:
            report = run_opbench(data, out, k=k, progress=not quiet)
        except UsermindError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(report, indent=2))
