"""The semantic store: facts with provenance and bi-temporal validity (invalidated, never overwritten)."""

from __future__ import annotations

import builtins
import json
from typing import TYPE_CHECKING

import numpy as np

from usermind.memory import schema
from usermind.memory.models import Fact
from usermind.memory.vector_index import from_blob, to_blob
from usermind.storage.coherence import CacheGuard
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.memory.pg_search import PgSearch

_COLUMNS = (
    "id, user_id, subject, predicate, object, text, confidence, source_ids, valid_from, valid_to, "
    "invalidated_by, recorded_at, method"
)


def _row_to_fact(row) -> Fact:
    return Fact(
        id=row["id"],
        user_id=row["user_id"],
        subject=row["subject"],
        predicate=row["predicate"],
        object=row["object"],
        text=row["text"],
        confidence=row["confidence"],
        source_ids=json.loads(row["source_ids"]),
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        invalidated_by=row["invalidated_by"],
        recorded_at=row["recorded_at"],
        method=row["method"],
    )


class SemanticStore:
    """Facts of one database, always addressed through a user id."""

    def __init__(self, db: Storage, guard: CacheGuard | None = None, search: PgSearch | None = None):
        self.db = db
        self.guard = guard  # writes bump the user's cache token (usermind.storage.coherence)
        self.search = search  # Postgres: the search columns written with each fact
        schema.ensure(db)

    def _bump(self, conn, user_id: str) -> None:
        if self.guard is not None:
            self.guard.bump(conn, user_id)

    def insert(self, conn, fact: Fact, vector: np.ndarray) -> None:
        self._bump(conn, fact.user_id)
        conn.execute(
            f"INSERT INTO mem_facts ({_COLUMNS}, vec) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                fact.id,
                fact.user_id,
                fact.subject,
                fact.predicate,
                fact.object,
                fact.text,
                fact.confidence,
                json.dumps(fact.source_ids),
                fact.valid_from,
                fact.valid_to,
                fact.invalidated_by,
                fact.recorded_at,
                fact.method,
                to_blob(vector),
            ),
        )
        if self.search is not None:
            self.search.index_fact(conn, fact.user_id, fact.id, fact.text, vector)

    def invalidate(self, conn, user_id: str, fact_id: str, valid_to: float, by: str) -> None:
        self._bump(conn, user_id)
        conn.execute(
            "UPDATE mem_facts SET valid_to = ?, invalidated_by = ? "
            "WHERE user_id = ? AND id = ? AND valid_to IS NULL",
            (valid_to, by, user_id, fact_id),
        )

    def add_sources(self, conn, user_id: str, fact: Fact, source_ids: list[str], confidence: float) -> None:
        merged = list(dict.fromkeys([*fact.source_ids, *source_ids]))
        conn.execute(
            "UPDATE mem_facts SET source_ids = ?, confidence = ? WHERE user_id = ? AND id = ?",
            (json.dumps(merged), confidence, user_id, fact.id),
        )

    def get(self, user_id: str, fact_id: str) -> Fact | None:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_facts WHERE user_id = ? AND id = ?", (user_id, fact_id)
        )
        return _row_to_fact(rows[0]) if rows else None

    def list(self, user_id: str, include_invalid: bool = False) -> list[Fact]:
        where = "" if include_invalid else " AND valid_to IS NULL"
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_facts WHERE user_id = ?{where} ORDER BY recorded_at, rowid",
            (user_id,),
        )
        return [_row_to_fact(r) for r in rows]

    def with_key(self, user_id: str, subject: str, predicate: str) -> builtins.list[Fact]:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_facts WHERE user_id = ? AND subject = ? AND predicate = ? "
            "AND valid_to IS NULL",
            (user_id, subject, predicate),
        )
        return [_row_to_fact(r) for r in rows]

    def history(self, user_id: str, subject: str, predicate: str) -> builtins.list[Fact]:
        """Every version of one (subject, predicate), current and invalidated, oldest first."""
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM mem_facts WHERE user_id = ? AND subject = ? AND predicate = ? "
            "ORDER BY valid_from, recorded_at",
            (user_id, subject, predicate),
        )
        return [_row_to_fact(r) for r in rows]

    def valid_with_vectors(self, user_id: str) -> tuple[builtins.list[Fact], np.ndarray]:
        rows = self.db.query(
            f"SELECT {_COLUMNS}, vec FROM mem_facts WHERE user_id = ? AND valid_to IS NULL ORDER BY rowid",
            (user_id,),
        )
        facts = [_row_to_fact(r) for r in rows]
        if not rows:
            return facts, np.zeros((0, 0), dtype=np.float32)
        return facts, np.stack([from_blob(r["vec"]) for r in rows])

    def delete(self, user_id: str, fact_ids: builtins.list[str], conn=None) -> int:
        """Delete facts by id (inside ``conn``'s transaction when given); returns how many went."""
        if conn is None:
            with self.db.transaction() as own:
                return self.delete(user_id, fact_ids, own)
        self._bump(conn, user_id)
        sql = "DELETE FROM mem_facts WHERE user_id = ? AND id = ?"
        return sum(conn.execute(sql, (user_id, fid)).rowcount for fid in fact_ids)
