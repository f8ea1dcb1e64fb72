"""psycopg rows and parameters as the stores expect them: rows addressed by position or column name
(like ``sqlite3.Row``), dicts sent as JSON, and one transaction's connection speaking the stores' SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from usermind.storage.dialect import to_postgres


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


def adapt(params: Sequence[Any]) -> Sequence[Any]:
    """Python values psycopg does not adapt by itself (dicts and lists of JSON columns)."""
    from psycopg.types.json import Jsonb

    if any(isinstance(p, dict) for p in params):
        return [Jsonb(p) if isinstance(p, dict) else p for p in params]
    return params


class PgConnection:
    """The :class:`~usermind.storage.contract.Connection` of one Postgres transaction."""

    def __init__(self, conn: Any):
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(to_postgres(sql), adapt(params))

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any:
        cur = self._conn.cursor()
        cur.executemany(to_postgres(sql), [adapt(p) for p in params])
        return cur
