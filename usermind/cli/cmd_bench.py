"""``usermind bench``: ingest rate and recall / recall+verify latency at 1k, 10k and 100k memories; with
``--writers`` ingest throughput of writer processes; with ``--users`` many users on one database."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.cli.db_option import DbOpt, exit_code
from usermind.errors import UsermindError


def register(app: typer.Typer) -> None:
    @app.command("bench")
    def bench(
        out: Path = typer.Option(..., "--out", help="folder for bench.json"),
        sizes: list[int] = typer.Option([1000, 10000, 100000], "--size", help="memory counts (repeatable)"),
        queries: int = typer.Option(100, "--queries", help="timed queries per size"),
        runs: int = typer.Option(3, "--runs", min=1, help="repeats of the timed queries (min/median/max)"),
        quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
        db: str | None = DbOpt,
        writers: list[int] = typer.Option(
            [], "--writers", min=1, help="instead: ingest with N writer processes (repeatable: 1 2 4)"
        ),
        writer_turns: int = typer.Option(200, "--writer-turns", min=1, help="turns each writer commits"),
        ingest_turns: int = typer.Option(
            1000, "--ingest-turns", min=0, help="turns of the real-embedding ingest sample (0: skip it)"
        ),
        users: int = typer.Option(
            0, "--users", min=0, help="instead: N users on one database, recall of a random user (1000)"
        ),
        user_memories: int = typer.Option(1000, "--user-memories", min=20, help="memories per --users user"),
    ) -> None:
        """Measure the memory hot path on this machine (no LLM); with --writers, ingest throughput."""
        import json

        from usermind.evals.scale import run_users
        from usermind.evals.speed import run_speed
        from usermind.evals.writers import run_writers
        from usermind.settings import load_settings

        try:
            settings = load_settings().settings  # --set memory.…/embedding.…, config file, USERMIND_…
            if users:
                report = run_users(
                    db, users=users, per_user=user_memories, queries=queries * 2, settings=settings
                )
                out.mkdir(parents=True, exist_ok=True)
                (out / "bench_users.json").write_text(json.dumps(report, indent=2))
            elif writers:
                report = {
                    "database": db or "sqlite (scratch file)",
                    "writers": run_writers(db, writers, writer_turns),
                }
                out.mkdir(parents=True, exist_ok=True)
                (out / "bench_writers.json").write_text(json.dumps(report, indent=2))
            else:
                report = run_speed(
                    out,
                    sizes=list(sizes),
                    queries=queries,
                    runs=runs,
                    progress=not quiet,
                    database=db,
                    ingest_turns=ingest_turns,
                    settings=settings,
                )
        except UsermindError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exit_code(exc)) from None
        typer.echo(json.dumps(report, indent=2))
