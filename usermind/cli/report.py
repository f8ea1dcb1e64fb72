"""The shared tail of every benchmark command: build the report, write ``DIR/<name>.json``, print it,
and turn any :class:`~usermind.errors.UsermindError` or unwritable folder into a one-line error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer


def emit_report(out: Path, name: str, build: Callable[[], dict[str, Any]]) -> None:
    from usermind.errors import UsermindError

    try:
        report = build()
        out.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report, indent=2, default=str)
        (out / f"{name}.json").write_text(text + "\n")
    except UsermindError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: cannot write {out}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    typer.echo(text)
