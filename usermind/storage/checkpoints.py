"""LangGraph checkpoints in the same database as the stores: ``SqliteSaver`` on SQLite,
``PostgresSaver`` (langgraph-checkpoint-postgres) on Postgres.  Conversation threads are named
``USER:SESSION``, so a user's checkpoints are found (export, forget) by that prefix."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from usermind.errors import StorageError
from usermind.storage.contract import Storage

# the tables each saver keeps thread rows in (all have a ``thread_id`` column)
CHECKPOINT_TABLES = {
    "sqlite": ("checkpoints", "writes"),
    "postgres": ("checkpoints", "checkpoint_blobs", "checkpoint_writes"),
}
_SETUP_LOCK = 0x75736D63  # "usmc": one process at a time creates the checkpoint tables
SETUP_WAIT_S = 300.0  # longest wait for another process's checkpoint set-up
_POLL_S = 0.05
_TRY_LOCK = "SELECT pg_try_advisory_lock(%s) AS locked"


def _setup_busy() -> StorageError:
    return StorageError(
        f"another process has been creating the checkpoint tables for over {SETUP_WAIT_S:.0f} s"
    )


def _lock_setup(conn: Any) -> None:
    """Take the set-up lock by polling, never by waiting inside ``pg_advisory_lock``: a session blocked
    in that statement holds a snapshot, and the holder's set-up runs ``CREATE INDEX CONCURRENTLY`` (the
    saver's migrations), which waits for every older snapshot — each would wait for the other forever
    (seen: 4 server workers starting together on a fresh database all hung).  Between tries no
    statement runs, so no snapshot is held."""
    deadline = time.monotonic() + SETUP_WAIT_S
    while not conn.execute(_TRY_LOCK, (_SETUP_LOCK,)).fetchone()["locked"]:
        if time.monotonic() > deadline:
            raise _setup_busy()
        time.sleep(_POLL_S)


async def _alock_setup(conn: Any) -> None:
    """:func:`_lock_setup` on an async connection."""
    deadline = time.monotonic() + SETUP_WAIT_S
    while not (await (await conn.execute(_TRY_LOCK, (_SETUP_LOCK,))).fetchone())["locked"]:
        if time.monotonic() > deadline:
            raise _setup_busy()
        await asyncio.sleep(_POLL_S)


def open_checkpointer(db: Storage) -> tuple[Any, Callable[[], None]]:
    """A saver on ``db``'s database and the function that closes its connection."""
    if db.dialect == "postgres":
        return _postgres_saver(str(db.url))  # type: ignore[attr-defined]
    return _sqlite_saver(str(db.path))  # type: ignore[attr-defined]


def _pool_options() -> dict[str, Any]:
    """What both savers' pools share: at most two connections (the saver serialises its statements;
    setup takes a second one while the first holds the lock that keeps other processes out), the
    settings the savers need, and a check before a connection is handed out, so one the server
    dropped (restart, idle timeout) is replaced instead of failing every later turn."""
    from psycopg.rows import dict_row

    kwargs = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    return {"min_size": 1, "max_size": 2, "kwargs": kwargs, "open": False}


def _postgres_saver(url: str) -> tuple[Any, Callable[[], None]]:
    """``PostgresSaver`` on a checked pool (see :func:`_pool_options`)."""
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg_pool import ConnectionPool

    pool: Any = ConnectionPool(url, check=ConnectionPool.check_connection, **_pool_options())
    pool.open(wait=True, timeout=10)
    saver = PostgresSaver(pool)
    try:
        with pool.connection() as conn:
            _lock_setup(conn)
            try:
                saver.setup()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
    except BaseException:
        pool.close()
        raise
    return saver, pool.close


def _sqlite_saver(path: str) -> tuple[Any, Callable[[], None]]:
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    conn = sqlite3.connect(path, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA secure_delete=ON")  # deleted checkpoints are overwritten too
    saver = SqliteSaver(conn)
    saver.setup()
    return saver, conn.close


async def open_async_checkpointer(
    db: Storage,
) -> tuple[Any, Callable[[], Awaitable[Any]], Callable[[], Any]]:
    """An async saver (``AsyncSqliteSaver`` / ``AsyncPostgresSaver``) on ``db``'s database, bound to
    the running event loop, with a coroutine that closes its connection and a function that closes it
    from sync code (the loop may be gone by then)."""
    if db.dialect == "postgres":
        return await _async_postgres_saver(str(db.url))  # type: ignore[attr-defined]
    import aiosqlite
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    conn = await aiosqlite.connect(str(db.path), timeout=30.0)  # type: ignore[attr-defined]
    await conn.execute("PRAGMA secure_delete=ON")  # deleted checkpoints are overwritten too
    saver = AsyncSqliteSaver(conn)
    await saver.setup()
    return saver, conn.close, conn.stop  # stop(): the connection's worker thread closes the handle


async def _async_postgres_saver(url: str) -> tuple[Any, Callable[[], Awaitable[Any]], Callable[[], Any]]:
    """``AsyncPostgresSaver`` on a checked pool (see :func:`_pool_options`)."""
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    from psycopg_pool import AsyncConnectionPool

    opened: list[Any] = []

    async def remember(conn: Any) -> None:
        opened.append(conn)

    pool: Any = AsyncConnectionPool(
        url, configure=remember, check=AsyncConnectionPool.check_connection, **_pool_options()
    )
    await pool.open(wait=True, timeout=10)
    saver = AsyncPostgresSaver(pool)
    try:
        async with pool.connection() as conn:
            await _alock_setup(conn)
            try:
                await saver.setup()
            finally:
                await conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
    except BaseException:
        await pool.close()
        raise

    def finish() -> None:  # from sync code, the loop may be gone: libpq closes the sockets
        for conn in opened:
            conn.pgconn.finish()

    return saver, pool.close, finish


def user_threads(db: Storage, user_id: str) -> list[str]:
    """The conversation threads of ``user_id`` that have checkpoints."""
    if not db.has_table("checkpoints"):
        return []
    prefix = f"{user_id}:"
    rows = db.query(
        "SELECT DISTINCT thread_id FROM checkpoints WHERE substr(thread_id, 1, ?) = ?", (len(prefix), prefix)
    )
    return [r[0] for r in rows]
