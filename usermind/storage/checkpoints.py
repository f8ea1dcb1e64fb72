"""LangGraph checkpoints in the same database as the stores: ``SqliteSaver`` on SQLite,
``PostgresSaver`` (langgraph-checkpoint-postgres) on Postgres.  Conversation threads are named
``USER:SESSION``, so a user's checkpoints are found (export, forget) by that prefix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from usermind.storage.contract import Storage

# the tables each saver keeps thread rows in (all have a ``thread_id`` column)
CHECKPOINT_TABLES = {
    "sqlite": ("checkpoints", "writes"),
    "postgres": ("checkpoints", "checkpoint_blobs", "checkpoint_writes"),
}
_SETUP_LOCK = 0x75736D63  # "usmc": one process at a time creates the checkpoint tables


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
    with pool.connection() as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
        try:
            saver.setup()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
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
    async with pool.connection() as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
        try:
            await saver.setup()
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))

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
