"""The shared tail of every benchmark command: build the report, write ``DIR/<name>.json`` (and a PNG
where a picture helps), print a short summary table, and turn errors into one line.

Exit codes: 2 for a data file in none of the known shapes (:class:`~usermind.errors.DataFileError`),
1 for any other :class:`~usermind.errors.UsermindError` or an unwritable folder; no report is written
then.  The progress bar while the report is built: :mod:`usermind.evals.progress`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer

Plot = Callable[[dict[str, Any], Path], Any]


def flatten(report: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every scalar of a nested report under its dotted name (lists are left out)."""
    flat: dict[str, Any] = {}
    for key, value in report.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif not isinstance(value, list):
            flat[name] = value
    return flat


def summary_rows(report: dict[str, Any], keys: Iterable[str]) -> list[tuple[str, str]]:
    """(metric, value) rows for the summary table: ``a.b`` names one value, ``a.*`` every scalar
    under ``a``; missing keys give nothing; floats are shown with 4 significant digits."""
    flat = flatten(report)
    rows = []
    for key in keys:
        names = [n for n in flat if n.startswith(key[:-1])] if key.endswith(".*") else [key] * (key in flat)
        for name in names:
            value = flat[name]
            rows.append((name, f"{value:.4g}" if isinstance(value, float) else str(value)))
    return rows


def print_summary(title: str, rows: list[tuple[str, str]], files: list[Path]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in rows:
        table.add_row(name, value)
    console = Console(width=100)
    if rows:
        console.print(table)
    for file in files:
        console.print(f"wrote {file}")


def emit_report(
    out: Path,
    name: str,
    build: Callable[[], dict[str, Any]],
    *,
    summary: Iterable[str] = (),
    plot: Plot | None = None,
) -> dict[str, Any]:
    """Run ``build``; write ``out/<name>.json`` (and ``out/<name>.png`` with ``plot``); print the
    summary rows named by ``summary`` (dotted keys, ``a.*`` for a whole section)."""
    from usermind.errors import DataFileError, UsermindError

    try:
        report = build()
        out.mkdir(parents=True, exist_ok=True)
        files = [out / f"{name}.json"]
        files[0].write_text(json.dumps(report, indent=2, default=str) + "\n")
        if plot is not None:
            files.append(out / f"{name}.png")
            plot(report, files[-1])
    except DataFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except UsermindError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: cannot write {out}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    print_summary(f"usermind eval {name}", summary_rows(report, summary), files)
    return report
