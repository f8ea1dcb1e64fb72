"""The progress display every benchmark shares: a transient rich bar on stderr, hidden when disabled."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def progress_bar():
    """A rich ``Progress`` (description, bar, n/total, time left) that disappears when done."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )


@contextmanager
def tracked(
    items: Iterable[T], description: str, *, total: int | None = None, enabled: bool = True
) -> Iterator[Iterator[T]]:
    """``with tracked(users, "users") as it: for u in it: ...`` - one bar over ``items``."""
    items = list(items) if total is None else items
    with progress_bar() as bar:
        task = bar.add_task(description, total=len(items) if total is None else total, visible=enabled)

        def advance() -> Iterator[T]:
            for item in items:
                yield item
                bar.advance(task)

        yield advance()
