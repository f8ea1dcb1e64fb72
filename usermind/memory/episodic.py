"""The episodic store: every turn, durable, with session, speaker, time, source id and its vector.

A turn is stored before it is embedded (an empty ``vec`` marks "vector pending"); the vector is
filled in afterwards (:meth:`EpisodicStore.set_vectors`), so a failing embedder never loses a turn.
Writes bump the user's ``memory`` cache token (see :mod:`usermind.storage.coherence`)."""

from __future__ import annotations

import builtins
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from usermind.memory import schema
from usermind.memory.models import Turn, TurnIn
from usermind.memory.vector_index import from_blob, to_blob
from usermind.storage.coherence import CacheGuard
from usermind.storage.contract import Storage
from usermind.storage.db import new_id

if TYPE_CHECKING:
    from usermind.memory.pg_search import PgSearch

_COLUMNS = "id, user_id, session_id, seq, role, speaker, text, caption, ts, source_id, extracted"


def turn_document(text: str, speaker: str | None = None, caption: str | None = None) -> str:
    """The text that is embedded and indexed for a turn: speaker-aware, image captions included."""
    body = f"{speaker}: {text}" if speaker else text
    return f"{body} [shared an image: {caption}]" if caption else body


def _stored_ts(ts: float | str | None) -> float | None:
    """The time stored for a turn: its own, now when none was given, NULL when it is unknown."""
    if ts == "unknown":
        return None
    return time.time() if ts is None else float(ts)


def _row_to_turn(row) -> Turn:
    return Turn(
        id=row["id"],
        user_id=row["user_id"],
        session_id=row["session_id"],
        seq=row["seq"],
        role=row["role"],
        speaker=row["speaker"],
        text=row["text"],
        caption=row["caption"],
        ts=row["ts"],
        source_id=row["source_id"],
        extracted=bool(row["extracted"]),
    )


class EpisodicStore:
    """Turns of one database, always addressed through a user id."""

    def __init__(self, db: Storage, guard: CacheGuard | None = None, search: PgSearch | None = None):
        self.db = db
        self.guard = guard
        self.search = search  # Postgres: the search columns written with each vector
        schema.ensure(db)

    def _bump(self, conn, user_id: str) -> None:
        if self.guard is not None:
            self.guard.bump(conn, user_id)

    def add(self, user_id: str, items: list[TurnIn], vectors: np.ndarray | None = None) -> list[Turn]:
        """Insert ``items`` in one transaction (vectors pending when ``vectors`` is None).  The ids are
        chosen once, so a write run again after its commit's acknowledgement was lost (a dropped
        connection, Postgres) finds its rows already there and stores nothing twice."""
        rows_vectors: Any = [None] * len(items) if vectors is None else vectors
        ids = [new_id("t") for _ in items]
        attempts: list[int] = []

        def attempt(conn) -> list[Turn]:
            attempts.append(1)
            stored = self._read(conn, user_id, ids) if len(attempts) > 1 and ids else []
            return stored or self._insert(conn, user_id, items, rows_vectors, ids)

        return self.db.write(attempt)

    @staticmethod
    def _read(conn, user_id: str, ids: list[str]) -> list[Turn]:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT {_COLUMNS} FROM mem_turns WHERE user_id = ? AND id IN ({marks}) ORDER BY seq"
        return [_row_to_turn(r) for r in conn.execute(sql, (user_id, *ids)).fetchall()]

    def _insert(
        self, conn, user_id: str, items: list[TurnIn], rows_vectors: Any, ids: list[str]
    ) -> list[Turn]:
        """One attempt of :meth:`add`."""
        turns: list[Turn] = []
        self._bump(conn, user_id)
        last = conn.execute("SELECT MAX(seq) FROM mem_turns WHERE user_id = ?", (user_id,)).fetchone()[0]
        seq = -1 if last is None else int(last)
        rows = []
        for turn_id, item, vector in zip(ids, items, rows_vectors, strict=True):
            seq += 1
            turn = Turn(
                id=turn_id,
                user_id=user_id,
                session_id=item.session_id,
                seq=seq,
                role=item.role,
                speaker=item.speaker,
                text=item.text,
                caption=item.caption,
                ts=_stored_ts(item.ts),
                source_id=item.source_id,
            )
            turns.append(turn)
            rows.append(
                (
                    turn.id,
                    user_id,
                    turn.session_id,
                    seq,
                    turn.role,
                    turn.speaker,
                    turn.text,
                    turn.caption,
                    turn.ts,
                    turn.source_id,
                    0,
                    b"" if vector is None else to_blob(vector),
                )
            )
        conn.executemany(f"INSERT INTO mem_turns ({_COLUMNS}, vec) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        return turns

    def get(self, user_id: str, turn_id: str) -> Turn | None:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_turns WHERE user_id = ? AND id = ?", (user_id, turn_id)
        )
        return _row_to_turn(rows[0]) if rows else None

    def list(self, user_id: str) -> list[Turn]:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM mem_turns WHERE user_id = ? ORDER BY seq", (user_id,))
        return [_row_to_turn(r) for r in rows]

    def with_vectors(self, user_id: str) -> tuple[builtins.list[Turn], np.ndarray]:
        """All of a user's turns in order, with their vectors stacked into one matrix."""
        rows = self.db.query(
            f"SELECT {_COLUMNS}, vec FROM mem_turns WHERE user_id = ? AND length(vec) > 0 ORDER BY seq",
            (user_id,),
        )
        turns = [_row_to_turn(r) for r in rows]
        if not rows:
            return turns, np.zeros((0, 0), dtype=np.float32)
        return turns, np.stack([from_blob(r["vec"]) for r in rows])

    def missing_vectors(self, user_id: str, limit: int = 500) -> builtins.list[Turn]:
        """Turns stored but not yet embedded (the embedder failed or the process died), oldest first."""
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_turns WHERE user_id = ? AND length(vec) = 0 ORDER BY seq LIMIT ?",
            (user_id, limit),
        )
        return [_row_to_turn(r) for r in rows]

    def users(self, prefix: str = "", *, offset: int = 0, limit: int | None = None) -> builtins.list[str]:
        """The users with stored turns whose id starts with ``prefix``, in the database's order of ids."""
        sql = "SELECT DISTINCT user_id FROM mem_turns WHERE substr(user_id, 1, ?) = ? ORDER BY user_id"
        params: builtins.list[Any] = [len(prefix), prefix]
        if limit is not None:
            sql, params = f"{sql} LIMIT ? OFFSET ?", [*params, max(0, limit), max(0, offset)]
        elif offset:
            return self.users(prefix)[offset:]
        return [r[0] for r in self.db.query(sql, params)]

    def users_missing_vectors(self) -> builtins.list[str]:
        return [r[0] for r in self.db.query("SELECT DISTINCT user_id FROM mem_turns WHERE length(vec) = 0")]

    def set_vectors(
        self,
        user_id: str,
        turn_ids: builtins.list[str],
        vectors: np.ndarray,
        documents: builtins.list[str] | None = None,
    ) -> int:
        """Fill in pending vectors (``documents``: the texts they embed, for the search columns);
        returns how many turns still existed to receive one."""
        sql = "UPDATE mem_turns SET vec = ? WHERE user_id = ? AND id = ? AND length(vec) = 0"

        def attempt(conn) -> int:
            self._bump(conn, user_id)
            if self.search is not None and documents is not None:
                return self.search.set_turn_vectors(conn, user_id, turn_ids, documents, vectors)
            params = [(to_blob(v), user_id, tid) for tid, v in zip(turn_ids, vectors, strict=True)]
            return sum(conn.execute(sql, p).rowcount for p in params)

        return self.db.write(attempt)

    def pending(self, user_id: str, limit: int = 500) -> builtins.list[Turn]:
        """Turns not yet distilled into facts, oldest first."""
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_turns WHERE user_id = ? AND extracted = 0 ORDER BY seq LIMIT ?",
            (user_id, limit),
        )
        return [_row_to_turn(r) for r in rows]

    def mark_extracted(self, user_id: str, turn_ids: Iterable[str], conn=None) -> None:
        params = [(user_id, tid) for tid in turn_ids]
        sql = "UPDATE mem_turns SET extracted = 1 WHERE user_id = ? AND id = ?"
        if conn is not None:
            conn.executemany(sql, params)
        else:
            with self.db.transaction() as own:
                own.executemany(sql, params)

    def delete(self, user_id: str, turn_ids: Iterable[str], conn=None) -> int:
        """Delete turns by id (inside ``conn``'s transaction when given); returns how many went."""
        if conn is None:
            with self.db.transaction() as own:
                return self.delete(user_id, turn_ids, own)
        self._bump(conn, user_id)
        sql = "DELETE FROM mem_turns WHERE user_id = ? AND id = ?"
        return sum(conn.execute(sql, (user_id, tid)).rowcount for tid in turn_ids)

    def count(self, user_id: str) -> int:
        return self.db.query("SELECT COUNT(*) FROM mem_turns WHERE user_id = ?", (user_id,))[0][0]
