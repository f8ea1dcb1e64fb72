"""One SQLite database per home folder: WAL mode, one writer lock, per-module schemas.

Opening a database migrates it to the current schema version (:mod:`usermind.storage.migrations`).
Every table has a ``user_id`` column that every query filters on.  :meth:`Database.forget_user`
deletes a user's rows from every table that has that column, so deletion cannot miss a
store that was added later; ``secure_delete`` overwrites what is deleted and
:meth:`Database.checkpoint_wal` empties the write-ahead log, so forgotten bytes leave the files.
Raw ``sqlite3`` errors surface as one-line :class:`~usermind.errors.StorageError`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from usermind.errors import ConfigError, StorageError
from usermind.storage.contract import Dialect, count_user_rows, delete_user_rows

T = TypeVar("T")

DB_FILENAME = "usermind.sqlite3"


def new_id(prefix: str) -> str:
    """A short unique id such as ``t_3f9a1c2e4b5d``."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def now_ts() -> float:
    """Seconds since the epoch, the unit of every timestamp column."""
    return time.time()


class Database:
    """A thread-safe wrapper around one SQLite connection (the embedded implementation of
    :class:`~usermind.storage.contract.Storage`)."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str | Path, *, migrate: bool = True):
        self.path = Path(path)
        self.label = str(self.path)
        try:
            self.conn = sqlite3.connect(
                str(self.path), check_same_thread=False, timeout=30.0, isolation_level=None
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA secure_delete=ON")
        except sqlite3.Error as exc:
            raise ConfigError(f"cannot open database {self.path}: {exc}") from None
        self.lock = threading.RLock()
        self._schemas: set[str] = set()
        if migrate:
            from usermind.storage.migrations import migrate as run_migrations

            try:
                run_migrations(self)
            except BaseException:
                self.conn.close()
                raise

    @classmethod
    def in_home(cls, home: Path) -> Database:
        return cls(home / DB_FILENAME)

    def _error(self, exc: sqlite3.Error) -> StorageError:
        return StorageError(
            f"database {self.path}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        )

    def ensure_schema(self, name: str, ddl: str) -> None:
        """Run ``ddl`` (``CREATE ... IF NOT EXISTS`` statements) once per process."""
        if name in self._schemas:
            return
        with self.lock:
            try:
                self.conn.executescript(ddl)
            except sqlite3.Error as exc:
                raise self._error(exc) from None
            self._schemas.add(name)

    def query_many(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        return [self.query(sql, params) for sql, params in statements]

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """One connection already serves every statement of this database."""
        yield

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error) under the writer lock."""
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from None
                raise

    def write(self, fn: Callable[[Any], T]) -> T:
        """``fn(conn)`` in one transaction (SQLite waits for its lock: nothing to retry)."""
        with self.transaction() as conn:
            return fn(conn)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from None

    def data_version(self) -> int | None:
        """Changes whenever another connection (in any process) commits to this database."""
        return int(self.query("PRAGMA data_version")[0][0])

    def checkpoint_wal(self) -> tuple[int, int, int]:
        """Copy the write-ahead log into the database and truncate it to zero bytes (after a forget,
        so deleted text does not linger in the ``-wal`` file).  Returns SQLite's (busy, log, done)."""
        row = self.query("PRAGMA wal_checkpoint(TRUNCATE)")[0]
        return int(row[0]), int(row[1]), int(row[2])

    def purge(self) -> None:
        """After a forget: rebuild the file (``VACUUM``) and empty the write-ahead log, so no byte of a
        deleted row survives.  ``secure_delete`` zeroes deleted cells but not the copies page balancing
        leaves in a page's free space (a checkpoint row of a forgotten user was found there)."""
        with self.lock:
            try:
                self.conn.execute("VACUUM")
            except sqlite3.Error as exc:
                raise self._error(exc) from None
        self.checkpoint_wal()

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        with self.transaction() as conn:
            conn.execute(sql, params)

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def columns(self, table: str) -> list[str]:
        return [c[1] for c in self.query(f'PRAGMA table_info("{table}")')]

    def user_tables(self) -> list[str]:
        """Every table with a ``user_id`` column."""
        tables = [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table'")]
        return [t for t in tables if "user_id" in self.columns(t)]

    def forget_user(self, user_id: str) -> dict[str, int]:
        """Delete every row of ``user_id`` from every user-scoped table; returns rows per table."""
        deleted = delete_user_rows(self, user_id)
        self.checkpoint_wal()
        return deleted

    def count_user_rows(self, user_id: str) -> int:
        return count_user_rows(self, user_id)

    def close(self) -> None:
        with self.lock:
            self.conn.close()
