"""The Postgres implementation of the storage contract (:mod:`usermind.storage.contract`): psycopg 3
with a connection pool, the same SQL as SQLite (translated by :mod:`usermind.storage.dialect`), the
schema created and migrated by :mod:`usermind.storage.postgres_schema` when it opens.

Every error names the database by its URL without the password
(:func:`~usermind.storage.url.redact`); failing to connect, authenticate or migrate raises
:class:`~usermind.errors.DatabaseUnavailable` before anything is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from usermind.errors import DatabaseUnavailable, StorageError
from usermind.storage.contract import Dialect, count_user_rows, delete_user_rows
from usermind.storage.dialect import DERIVED, ROWID, ddl_to_postgres, to_postgres
from usermind.storage.postgres_rows import PgConnection, adapt, row_factory
from usermind.storage.url import redact, scrub


def _transient() -> tuple[type[BaseException], ...]:
    from psycopg import OperationalError
    from psycopg.errors import DeadlockDetected, SerializationFailure

    return OperationalError, DeadlockDetected, SerializationFailure


_TRANSIENT = _transient()
T = TypeVar("T")


class PostgresDatabase:
    """Every store's tables in one Postgres database (a schema of it: ``?options=-csearch_path=…``)."""

    dialect: Dialect = "postgres"

    def __init__(self, url: str, *, migrate: bool = True, pool_size: int = 4, connect_timeout: int = 10):
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        self.label = redact(url)
        self.path = None
        self._psycopg = psycopg
        self._local = threading.local()
        self.lock = threading.RLock()  # serialises this process's multi-step writes (as SQLite's does)
        self._schemas: set[str] = set()
        try:  # one direct connection first: a bad URL fails now, with the server's one-line reason
            psycopg.connect(url, connect_timeout=connect_timeout).close()
        except (psycopg.Error, ValueError) as exc:
            raise DatabaseUnavailable(
                f"cannot connect to database {self.label}: {self._reason(exc)}"
            ) from None
        kwargs = {"autocommit": True, "row_factory": row_factory}
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs=kwargs,
            open=False,
            check=ConnectionPool.check_connection,  # a connection the server dropped is replaced
        )
        self.pool.open(wait=True, timeout=connect_timeout)
        if migrate:
            from usermind.storage.postgres_schema import migrate as run_migrations

            try:
                run_migrations(self)
            except BaseException:
                self.pool.close()
                raise

    def _reason(self, exc: BaseException) -> str:
        lines = [  # without the statement excerpt and caret Postgres adds under a syntax error
            line.strip()
            for line in str(exc).splitlines()
            if line.strip().strip("^") and not line.startswith("LINE ")
        ]
        return scrub(lines[-1] if lines else type(exc).__name__, self.url)

    def _error(self, exc: BaseException) -> StorageError:
        return StorageError(f"database {self.label}: {self._reason(exc)}")

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """This thread's transaction connection when inside one, else a pooled autocommit one."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """This thread's statements inside the block run on one pooled connection, checked once when
        it is taken (not once per statement); autocommit, so a read sees every commit before it and a
        ``transaction()`` inside is a real one.  Reads inside are not retried on their own: a recall
        that meets a dropped connection fails as one ``StorageError``."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        try:
            with self.pool.connection() as conn:
                self._local.conn = conn
                try:
                    yield
                finally:
                    self._local.conn = None
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One transaction (a savepoint when nested); rolled back on any error."""
        psycopg = self._psycopg
        current = getattr(self._local, "conn", None)
        try:
            if current is not None:
                with current.transaction():
                    yield PgConnection(current)
                return
            with self.pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        yield PgConnection(conn)
                finally:
                    self._local.conn = None
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def write(self, fn: Callable[[Any], T]) -> T:
        """``fn(conn)`` in one transaction, run again from the start (tenacity, 3 attempts) when it
        meets a dropped connection, a deadlock or a serialization failure; nested: no retry."""
        if getattr(self._local, "conn", None) is not None:
            with self.transaction() as conn:
                return fn(conn)
        return self._retrying(self._write_once, fn)

    def _write_once(self, fn: Callable[[Any], T]) -> T:
        try:
            with self.pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        return fn(PgConnection(conn))
                finally:
                    self._local.conn = None
        except _TRANSIENT:
            raise
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one statement; outside a transaction a read that meets a dropped connection, a
        deadlock or a serialization failure is retried (tenacity, 3 attempts)."""
        if getattr(self._local, "conn", None) is not None:
            return self._query_once(sql, params)
        return self._retrying(self._query_once, sql, params)

    def query_many(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The statements in psycopg's pipeline mode: sent together, their rows read after one round
        trip; retried like :meth:`query` outside a transaction (inside one they join it)."""
        if getattr(self._local, "conn", None) is not None:
            return self._query_many_once(statements)
        return self._retrying(self._query_many_once, statements)

    def _query_many_once(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        try:
            with self._connection() as conn, conn.pipeline():
                cursors = [conn.execute(to_postgres(sql), adapt(params)) for sql, params in statements]
                return [cur.fetchall() for cur in cursors]
        except _TRANSIENT:
            raise
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    def _query_once(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            with self._connection() as conn:
                return conn.execute(to_postgres(sql), adapt(params)).fetchall()
        except _TRANSIENT:
            raise
        except self._psycopg.Error as exc:
            raise self._error(exc) from None

    def _retrying(self, fn, *args: Any) -> Any:
        from tenacity import (
            RetryError,
            Retrying,
            retry_if_exception_type,
            stop_after_attempt,
            wait_exponential,
        )

        try:
            for attempt in Retrying(
                retry=retry_if_exception_type(_TRANSIENT),
                stop=stop_after_attempt(3),
                wait=wait_exponential(multiplier=0.05, max=1.0),
            ):
                with attempt:
                    return fn(*args)
        except RetryError as exc:
            raise self._error(exc.last_attempt.exception() or exc) from None
        except _TRANSIENT as exc:
            raise self._error(exc) from None
        raise AssertionError("unreachable")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as conn:
            conn.execute(sql, params)

    def ensure_schema(self, name: str, ddl: str) -> None:
        """Run ``ddl`` (translated) once per process; the migrations normally created it already."""
        if name in self._schemas:
            return
        from usermind.storage.migrations import statements

        missing = [s for s in statements(ddl) if not self._exists(s)]
        if missing:
            with self.transaction() as conn:
                for statement in missing:
                    conn.execute(ddl_to_postgres(statement))
        self._schemas.add(name)

    def _exists(self, statement: str) -> bool:
        """True when the table or index a ``CREATE ... IF NOT EXISTS name`` statement makes exists
        (Postgres takes locks for a no-op CREATE, so it is not sent)."""
        words = statement.split()
        try:
            name = words[words.index("EXISTS") + 1].split("(")[0]
        except (ValueError, IndexError):
            return False
        return bool(self.query("SELECT to_regclass(?) IS NOT NULL", (name,))[0][0])

    def data_version(self) -> int | None:
        return None  # Postgres has no cheap "someone committed" counter: caches read the token

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT to_regclass(?) IS NOT NULL", (name,))[0][0])

    def columns(self, table: str) -> list[str]:
        rows = self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in rows if r[0] != ROWID and r[0] not in DERIVED]

    def user_tables(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND column_name = 'user_id' ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def forget_user(self, user_id: str) -> dict[str, int]:
        return delete_user_rows(self, user_id)

    def count_user_rows(self, user_id: str) -> int:
        return count_user_rows(self, user_id)

    def checkpoint_wal(self) -> tuple[int, int, int]:
        """Nothing to do: Postgres has no per-home log file (dead rows go at the next autovacuum)."""
        return 0, 0, 0

    def purge(self) -> None:
        """After a forget: ``VACUUM`` the database so the deleted rows' space is reclaimed now rather than
        at the next autovacuum.  Postgres has no secure delete: freed bytes stay in the data files
        until overwritten (use encrypted storage for that guarantee)."""
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                conn.execute("VACUUM")
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def size_pool(self, connections: int) -> None:
        """At most ``connections`` pooled connections: one per thread that may use the database at
        once (a server sizes it to its executor, so that no thread waits for a connection)."""
        self.pool.resize(min_size=1, max_size=max(1, connections))

    def close(self) -> None:
        self.pool.close()
