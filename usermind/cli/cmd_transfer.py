"""``usermind import FILE --user U`` (restore an export) and ``usermind repair`` (fill in vectors a
failed embedding left pending)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from usermind.cli.db_option import DbOpt, exit_code
from usermind.errors import DataFileError, UsermindError

UserOpt = typer.Option(..., "--user", "-u", help="user id (letters, digits, _ . @ -)")
HomeOpt = typer.Option(None, "--home", help="home folder (default $USERMIND_HOME or ~/.usermind)")


def fail(exc: UsermindError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exit_code(exc))


def _read(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path} is not a JSON export: {str(exc).splitlines()[0]}") from None


def import_command(
    file: Path = typer.Argument(..., help="a file written by `usermind export`"),
    user: str = UserOpt,
    home: Path | None = HomeOpt,
    db: str | None = DbOpt,
) -> None:
    """Restore an export into this home as USER (the user must have no data here yet)."""
    from usermind.cli.chat_loop import open_agent

    try:
        data = _read(file)
        with open_agent(user=user, model=None, home=home, database=db) as agent:
            counts = agent.import_data(data)
        typer.echo(f"imported {sum(counts.values())} rows for {user} ({len(counts)} tables)")
    except UsermindError as exc:
        fail(exc)


def repair_command(user: str = UserOpt, home: Path | None = HomeOpt, db: str | None = DbOpt) -> None:
    """Embed the user's turns stored without a vector (an embedding failure or a crash)."""
    from usermind.cli.chat_loop import open_agent

    try:
        with open_agent(user=user, model=None, home=home, database=db) as agent:
            filled = agent.memory.repair(agent.user)
        typer.echo(f"filled in {filled} missing vectors for {user}")
    except UsermindError as exc:
        fail(exc)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("repair")(repair_command)
