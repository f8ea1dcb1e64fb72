"""The ``--db URL`` option every command that opens a database takes, and the CLI's exit code for an
error (2 when the database cannot be used at all, else 1)."""

from __future__ import annotations

import typer

DbOpt = typer.Option(
    None,
    "--db",
    help="database URL: postgresql://user:pass@host/db or sqlite:///file "
    "(default $USERMIND_DATABASE_URL, else the SQLite file in the home folder)",
)


def exit_code(exc: BaseException) -> int:
    return int(getattr(exc, "exit_code", 1))
