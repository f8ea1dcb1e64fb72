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


def iterate(items: Iterable[T], description: str, *, enabled: bool = True) -> Iterator[T]:
    """``for user in iterate(users, "users"): ...`` - the items, with a bar while they are consumed."""
    items = list(items)
    with progress_bar() as bar:
        task = bar.add_task(description, total=len(items), visible=enabled)
        for item in items:
            yield item
            bar.advance(task)


@contextmanager
def tracked(items: Iterable[T], description: str, *, enabled: bool = True) -> Iterator[Iterator[T]]:
    """``with tracked(users, "users") as each: for u in each: ...`` (to share a ``with`` line)."""
    yield iterate(items, description, enabled=enabled)
