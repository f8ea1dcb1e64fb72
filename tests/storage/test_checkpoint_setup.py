"""Checkpoint set-up on Postgres when several processes start together (real Postgres).

The saver's set-up runs ``CREATE INDEX CONCURRENTLY``, which waits for every session holding an older
snapshot.  A process that waited for the set-up lock *inside* ``pg_advisory_lock`` held one, so the
lock holder's index build and the waiter waited for each other forever (4 server workers starting
together on a fresh database all hung: the saver takes the lock on one connection and builds on
another, so the cycle passes through the client and Postgres cannot see it).  Here another session
holds the lock and builds an index concurrently while ``open_checkpointer`` waits for the lock: both
must finish (before the fix Postgres reported a deadlock here and the opener failed)."""

from __future__ import annotations

import asyncio
import threading
import time

import psycopg
import pytest

from usermind.storage import checkpoints
from usermind.storage.checkpoints import open_async_checkpointer, open_checkpointer
from usermind.storage.open import open_database


def _holder_builds_an_index_while_we_wait(url: str, opener) -> None:
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SET statement_timeout = '20s'")  # the old deadlock fails here, not forever
        holder.execute("CREATE TABLE IF NOT EXISTS other_setup (x int)")
        holder.execute("DROP INDEX IF EXISTS other_setup_x")
        holder.execute("SELECT pg_advisory_lock(%s)", (checkpoints._SETUP_LOCK,))
        waiter = threading.Thread(target=opener, daemon=True)
        waiter.start()
        time.sleep(1.0)  # the opener is now waiting for the lock
        assert waiter.is_alive()
        holder.execute("CREATE INDEX CONCURRENTLY other_setup_x ON other_setup (x)")  # must not hang
        holder.execute("SELECT pg_advisory_unlock(%s)", (checkpoints._SETUP_LOCK,))
        waiter.join(timeout=60)
        assert not waiter.is_alive()


def test_a_process_waiting_for_checkpoint_setup_holds_no_snapshot(postgres_url, tmp_path):
    db = open_database(tmp_path, postgres_url)
    opened: list[object] = []

    def open_sync() -> None:
        saver, close = open_checkpointer(db)
        opened.append(saver)
        close()

    _holder_builds_an_index_while_we_wait(postgres_url, open_sync)

    def open_async() -> None:
        async def run() -> None:
            saver, aclose, _ = await open_async_checkpointer(db)
            opened.append(saver)
            await aclose()

        asyncio.run(run())

    _holder_builds_an_index_while_we_wait(postgres_url, open_async)
    assert len(opened) == 2
    db.close()


def test_a_setup_lock_held_too_long_is_a_one_line_error(postgres_url, tmp_path, monkeypatch):
    from usermind.errors import StorageError

    monkeypatch.setattr(checkpoints, "SETUP_WAIT_S", 0.3)
    db = open_database(tmp_path, postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (checkpoints._SETUP_LOCK,))
        with pytest.raises(StorageError, match="creating the checkpoint tables for over 0 s") as caught:
            open_checkpointer(db)
        assert "\n" not in str(caught.value)
    db.close()
