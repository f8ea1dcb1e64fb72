"""The storage contract every store is written against, and the two databases that implement it:
:class:`~usermind.storage.db.Database` (SQLite, the embedded default) and
:class:`~usermind.storage.postgres.PostgresDatabase` (Postgres, for many processes and machines).

Stores write SQLite-flavoured SQL (``?`` parameters, ``rowid`` order, ``CREATE TABLE IF NOT EXISTS``
with SQLite types); the Postgres implementation translates it (:mod:`usermind.storage.dialect`), so
no store knows which database it runs on.  Portable statements only: ``INSERT ... ON CONFLICT
(columns) DO UPDATE`` rather than ``INSERT OR REPLACE``, no ``PRAGMA`` outside the SQLite class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from threading import RLock
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

Dialect = Literal["sqlite", "postgres"]
T = TypeVar("T")


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What ``transaction()`` yields: statements run inside one transaction."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any: ...


@runtime_checkable
class Storage(Protocol):
    """One database shared by every store; rows support ``row[0]``, ``row["name"]`` and ``keys()``."""

    dialect: Dialect
    label: str  # how messages name the database (a file name, or a URL without its password)
    lock: RLock  # held by this process's multi-step writes (decay, forget)

    def ensure_schema(self, name: str, ddl: str) -> None: ...

    def transaction(self) -> AbstractContextManager[Any]: ...

    def pinned(self) -> AbstractContextManager[None]:
        """The statements of this thread inside the block share one connection (one pool checkout on
        a server database, no transaction); a no-op where there is one connection anyway."""
        ...

    def write(self, fn: Callable[[Any], T]) -> T:
        """``fn(conn)`` in one transaction; on Postgres the whole transaction is run again (tenacity,
        3 attempts) when it meets a dropped connection, a deadlock or a serialization failure, so
        ``fn`` must only write through ``conn``."""
        ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def query_many(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of each statement, in order; a server database sends them together (one round
        trip), outside any transaction."""
        ...

    def data_version(self) -> int | None:
        """A number that changes when another connection commits, or None when the database has none
        (then every cache check reads the user's token)."""
        ...

    def has_table(self, name: str) -> bool: ...

    def columns(self, table: str) -> list[str]: ...

    def user_tables(self) -> list[str]: ...

    def forget_user(self, user_id: str) -> dict[str, int]: ...

    def count_user_rows(self, user_id: str) -> int: ...

    def checkpoint_wal(self) -> tuple[int, int, int]: ...

    def purge(self) -> None:
        """After a forget: reclaim the deleted rows' space now (SQLite: rebuild the file, no byte left)."""
        ...

    def close(self) -> None: ...


def delete_user_rows(db: Storage, user_id: str) -> dict[str, int]:
    """Delete every row of ``user_id`` from every table with a ``user_id`` column, in one transaction;
    returns rows per table (what both backends' ``forget_user`` do)."""
    deleted: dict[str, int] = {}
    with db.transaction() as conn:
        for table in db.user_tables():
            cur = conn.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (user_id,))
            if cur.rowcount:
                deleted[table] = cur.rowcount
    return deleted


def count_user_rows(db: Storage, user_id: str) -> int:
    """Rows of ``user_id`` in every table with a ``user_id`` column."""
    return sum(
        db.query(f'SELECT COUNT(*) FROM "{t}" WHERE user_id = ?', (user_id,))[0][0] for t in db.user_tables()
    )


def rows_as_dicts(rows: Iterator[Any] | list[Any]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in r.keys()} for r in rows]
