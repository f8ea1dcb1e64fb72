"""``usermind eval firstrun``: the embedded default's first impression on scripted newcomer chats."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from usermind.cli.report import emit_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("firstrun")
    def firstrun(
        out: Path = typer.Option(..., "--out", help="folder for firstrun.json"),
        split: str = typer.Option("all", "--split", help="tuning, heldout, fresh or all"),
        model: str | None = typer.Option(None, "--model", "-m", help="litellm model (default local/smollm2)"),
        limit: int | None = typer.Option(None, "--limit", min=1, help="first N scripts of each split"),
    ) -> None:
        """Told in one process, asked in the next: share of replies that are English, non-degenerate and
        name the remembered thing, and of runs that print one line per message.  Prints a summary."""

        def build() -> dict:
            from usermind.evals.firstrun import run_firstrun

            def partial(report: dict) -> None:  # a long run leaves its results so far on disk
                out.mkdir(parents=True, exist_ok=True)
                (out / "firstrun.partial.json").write_text(json.dumps(report, indent=2) + "\n")
                done = {k: v["summary"]["replies"] for k, v in report["splits"].items()}
                typer.echo(f"firstrun: replies scored so far {done}", err=True)

            report = run_firstrun(split, model=model, limit=limit, progress=partial)
            for name, part in report["splits"].items():
                typer.echo(f"{name}: {part['summary']}", err=True)
            return report

        emit_report(out, "firstrun", build)
