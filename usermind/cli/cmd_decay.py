"""``usermind decay``: list (and with ``--apply`` forget) a user's stale, never-used memories."""

from __future__ import annotations

from pathlib import Path

import typer

from usermind.cli.db_option import DbOpt, exit_code
from usermind.errors import ConfigError, UsermindError


def register(app: typer.Typer) -> None:
    @app.command("decay")
    def decay(
        user: str = typer.Option(..., "--user", "-u", help="user id (letters, digits, _ . @ -)"),
        home: Path | None = typer.Option(None, "--home", help="home folder (default $USERMIND_HOME)"),
        older_than_days: float = typer.Option(180.0, "--older-than-days", help="age limit (days)"),
        min_uses: int = typer.Option(1, "--min-uses", help="memories used this often are kept"),
        apply: bool = typer.Option(False, "--apply", help="remove them (default: dry run, nothing changes)"),
        as_json: bool = typer.Option(False, "--json", help="print the report as JSON instead of a table"),
        db: str | None = DbOpt,
    ) -> None:
        """Decay stale memories nobody used; a dry run unless --apply is given."""
        try:
            report = run_decay(user, home, older_than_days, min_uses, apply, db)
        except UsermindError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exit_code(exc)) from None
        if as_json:
            typer.echo(report.model_dump_json(indent=2))
        else:
            _print_table(report)


def run_decay(
    user: str,
    home: Path | None,
    older_than_days: float,
    min_uses: int,
    apply: bool,
    database: str | None = None,
):
    """Open the user's memory in ``home`` and decay it; returns the :class:`DecayReport`."""
    from pydantic import ValidationError

    from usermind.config import resolve_home, validate_user_id
    from usermind.llm.embeddings import Embedder
    from usermind.memory import DecayPolicy, MemorySystem
    from usermind.storage.open import open_database

    validate_user_id(user)
    try:
        policy = DecayPolicy(max_age_days=older_than_days, min_uses=min_uses, dry_run=not apply)
    except ValidationError as exc:
        first = exc.errors()[0]
        flag = {"max_age_days": "--older-than-days", "min_uses": "--min-uses"}.get(str(first["loc"][0]))
        raise ConfigError(f"invalid {flag}: {first['msg']}") from None
    db = open_database(resolve_home(home), database)
    try:
        return MemorySystem(db, Embedder()).decay(user, policy)
    finally:
        db.close()


def _print_table(report) -> None:
    from rich.console import Console
    from rich.table import Table

    verb = "would remove" if report.dry_run else "removed"
    table = Table(title=f"{report.user_id}: {verb} {len(report.candidates)} of {report.examined} memories")
    for column in ("id", "kind", "reason"):
        table.add_column(column)
    for c in report.candidates:
        table.add_row(c.id, c.kind, c.reason)
    Console(width=120).print(table)
    if report.dry_run and report.candidates:
        typer.echo("dry run: nothing changed; add --apply to remove them")
