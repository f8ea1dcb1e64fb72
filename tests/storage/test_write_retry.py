"""Writes on Postgres are run again, whole, when the connection drops or a transaction meets a
deadlock or serialization failure (tenacity, 3 attempts); other errors fail at once; either way a
failed write leaves nothing behind.  The drops are real: the transaction's own server process is
terminated (``pg_terminate_backend``), as a server restart or a network cut would."""

from __future__ import annotations

import pytest

from usermind.errors import StorageError
from usermind.storage.open import open_database

INSERT = "INSERT INTO mem_usage (user_id, reply_no, memory_id, ts) VALUES (?, ?, ?, ?)"


def _rows(db) -> int:
    return db.query("SELECT COUNT(*) FROM mem_usage WHERE user_id = ?", ("ann",))[0][0]


def test_a_write_cut_by_a_dropped_connection_is_run_again_once(tmp_path, postgres_url):
    db = open_database(tmp_path, postgres_url)
    calls: list[int] = []

    def write(conn) -> str:
        calls.append(1)
        conn.execute(INSERT, ("ann", len(calls), "m", 0.0))
        if len(calls) == 1:
            conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return "done"

    assert db.write(write) == "done"
    assert len(calls) == 2 and _rows(db) == 1
    assert db.query("SELECT reply_no FROM mem_usage WHERE user_id = ?", ("ann",))[0][0] == 2
    db.close()


def test_a_write_that_keeps_failing_stops_after_three_attempts_and_leaves_nothing(tmp_path, postgres_url):
    db = open_database(tmp_path, postgres_url)
    calls: list[int] = []

    def write(conn) -> None:
        calls.append(1)
        conn.execute(INSERT, ("ann", len(calls), "m", 0.0))
        conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    with pytest.raises(StorageError) as caught:
        db.write(write)
    assert len(calls) == 3 and _rows(db) == 0
    assert "\n" not in str(caught.value) and str(caught.value).startswith("database postgresql://")
    db.close()


def test_a_bad_statement_is_not_retried(storage_url, tmp_path):
    db = open_database(tmp_path, storage_url)
    calls: list[int] = []

    def write(conn) -> None:
        calls.append(1)
        conn.execute(INSERT, ("ann", 1, "m", 0.0))
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(StorageError, match="no_such_table"):
        db.write(write)
    assert len(calls) == 1 and _rows(db) == 0
    db.close()


def test_a_turn_whose_commit_acknowledgement_was_lost_is_not_stored_twice(tmp_path, postgres_url):
    """The commit reached the server but the connection dropped before the client heard of it: the
    write runs again, finds its rows (the ids are chosen once, outside the attempt) and adds none."""
    import psycopg

    from usermind.memory.episodic import EpisodicStore
    from usermind.memory.models import TurnIn

    db = open_database(tmp_path, postgres_url)
    store = EpisodicStore(db)
    real = db._write_once
    lost: list[int] = []

    def commit_then_drop(fn):
        result = real(fn)
        if not lost:
            lost.append(1)
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    db._write_once = commit_then_drop  # type: ignore[method-assign]
    turns = store.add(
        "ann",
        [TurnIn(session_id="s1", text="I adopted a cat."), TurnIn(session_id="s1", text="Her name is Miso.")],
    )
    assert lost and [t.text for t in turns] == ["I adopted a cat.", "Her name is Miso."]
    assert [t.text for t in store.list("ann")] == ["I adopted a cat.", "Her name is Miso."]
    assert [t.id for t in turns] == [t.id for t in store.list("ann")]
    db.close()
