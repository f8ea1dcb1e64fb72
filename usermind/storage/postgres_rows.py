"""psycopg rows and parameters as the stores expect them: rows addressed by position or column name
(like ``sqlite3.Row``), dicts sent as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Row(tuple):
    """A result row addressed by position or column name (like ``sqlite3.Row``)."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def row_factory(cursor: Any):
    names = [c.name for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}
    return lambda values: Row(values, index)


def _adapt(params: Sequence[Any]) -> Sequence[Any]:
    """Python values psycopg does not adapt by itself (dicts and lists of JSON columns)."""
    from psycopg.types.json import Jsonb

    if any(isinstance(p, dict) for p in params):
        return [Jsonb(p) if isinstance(p, dict) else p for p in params]
    return params
