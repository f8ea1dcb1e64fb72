"""``usermind eval locomo``: LoCoMo evidence recall and verification (LLM-free)."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.errors import UsermindError


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("locomo")
    def locomo(
        data: Path = typer.Option(..., "--data", help="LoCoMo JSON file (e.g. locomo10.json)"),
        out: Path = typer.Option(..., "--out", help="folder for locomo.json and locomo.png"),
        k: list[int] = typer.Option([5, 10, 25], "--k", help="cut-offs for evidence recall@k (repeatable)"),
        verify_k: int = typer.Option(10, "--verify-k", help="top-k passed to verification"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
    ) -> None:
        """Ingest each conversation as its own user, recall and verify every question with evidence."""
        import json

        from usermind.evals.locomo import run_locomo

        try:
            report = run_locomo(data, out, ks=list(k), verify_k=verify_k, progress=not quiet)
        except UsermindError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(report, indent=2))
