"""Postgres search columns of turns and facts, and the writes that keep them in step.

On Postgres every turn and fact row also carries its vector as a pgvector ``embedding vector(dim)``
(HNSW index, ``vector_cosine_ops``), its stemmed content terms as a ``tsvector`` (``lex``, GIN index;
each term with its positions, so a term's frequency is its number of positions) and their count
(``nterms``, BM25's document length).  They are written in the same statement or transaction as the
row's ``vec`` (a turn's when its vector is filled in, a fact's when it is inserted), so a row is
searchable exactly when the full in-memory index would hold it.  Rows written without them (an
import, an older schema) are filled in by :meth:`PgSearch.backfill`.  The user's word vectors
(``mem_words``) get an ``embedding`` column too, scanned per user without an HNSW index and kept in
the row (the ``vec`` blob goes out of line instead: a scan that read both from TOAST took three times
as long; see :mod:`usermind.memory.pg_words`).  SQLite never sees any of this.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from usermind.errors import StorageError
from usermind.memory.vector_index import from_blob
from usermind.storage.contract import Storage
from usermind.text import content_terms

_LOCK_KEY = 0x75736D65  # advisory lock of the embedding columns' DDL
_MAX_POSITION = 16383  # tsvector positions are 1..16383
TABLES = ("mem_turns", "mem_facts")  # searched by HNSW
WORDS = "mem_words"  # scanned per user (word expansion)


def vector_literal(vector: np.ndarray) -> str:
    """pgvector's text form of a vector (float32 values, printed exactly)."""
    return "[" + ",".join(repr(float(x)) for x in np.asarray(vector, dtype=np.float32)) + "]"


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def lex_literal(terms: Sequence[str]) -> str:
    """A tsvector literal of ``terms`` (already stemmed), each with the positions it occurs at."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, term in enumerate(terms):
        positions[term].append(min(i + 1, _MAX_POSITION))
    return " ".join(f"{_quote(t)}:{','.join(map(str, p[:256]))}" for t, p in positions.items())


def any_of(terms: Sequence[str]) -> str:
    """A tsquery literal matching a document holding any of ``terms``."""
    return " | ".join(_quote(t) for t in dict.fromkeys(terms))


def search_values(document: str, vector: np.ndarray) -> tuple[str, str, int]:
    terms = content_terms(document)
    return vector_literal(vector), lex_literal(terms), len(terms)


class PgSearch:
    """The search columns of one Postgres database for an embedder of ``dim`` dimensions."""

    def __init__(self, db: Storage, dim: int):
        self.db = db
        self.dim = dim
        self._ensure_columns()

    def _column_type(self, table: str) -> str | None:
        rows = self.db.query(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = to_regclass(?) AND attname = 'embedding' AND NOT attisdropped",
            (table,),
        )
        return rows[0][0] if rows else None

    def _ensure_columns(self) -> None:
        wanted = f"vector({self.dim})"
        if all(self._column_type(t) == wanted for t in (*TABLES, WORDS)):
            return
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            for table in (*TABLES, WORDS):
                found = self._column_type(table)
                if found is None:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN embedding {wanted}")
                    if table == WORDS:  # the scan reads every embedding: inline, the blob out of line
                        conn.execute(
                            f"ALTER TABLE {table} ALTER COLUMN embedding SET STORAGE MAIN, "
                            "ALTER COLUMN vec SET STORAGE EXTERNAL"
                        )
                elif found != wanted:
                    raise StorageError(
                        f"database {self.db.label} holds {found} embeddings in {table}, but the embedder "
                        f"makes {wanted}: use the embedding model the database was built with"
                    )
                if table in TABLES:
                    self._create_vector_index(conn, table)
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_unsearchable ON {table} (user_id) "
                    "WHERE embedding IS NULL"
                )

    def _create_vector_index(self, conn: Any, table: str) -> None:
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_hnsw ON {table} USING hnsw (embedding vector_cosine_ops)"
        )

    @contextmanager
    def vector_index_deferred(self, build_memory: str = "2GB") -> Iterator[None]:
        """A large load: the HNSW indexes are dropped while the block writes and built once when it
        ends (building the graph in one pass is many times faster than inserting into it row by row).
        Meanwhile searches of every user of the database scan exactly: correct, slower.  The build
        gets ``build_memory`` of ``maintenance_work_mem`` (the graph must fit in it to build fast)."""
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            for table in TABLES:
                conn.execute(f"DROP INDEX IF EXISTS {table}_hnsw")
        try:
            yield
        finally:
            with self.db.transaction() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
                conn.execute("SELECT set_config('maintenance_work_mem', ?, true)", (build_memory,))
                for table in TABLES:
                    self._create_vector_index(conn, table)

    # ----- writes (inside the caller's transaction) ----------------------------------------------------
    def set_turn_vectors(
        self, conn: Any, user_id: str, turn_ids: Sequence[str], documents: Sequence[str], vectors: np.ndarray
    ) -> int:
        """Fill in pending turn vectors together with their search columns, in one statement (so the
        term-statistics trigger runs once per batch); returns how many."""
        if not len(turn_ids):
            return 0
        values = [search_values(d, v) for d, v in zip(documents, vectors, strict=True)]
        return conn.execute(
            "UPDATE mem_turns m SET vec = v.vec, embedding = v.embedding::vector, lex = v.lex::tsvector, "
            "nterms = v.nterms FROM unnest(?::text[], ?::bytea[], ?::text[], ?::text[], ?::int[]) "
            "AS v(id, vec, embedding, lex, nterms) WHERE m.user_id = ? AND m.id = v.id AND length(m.vec) = 0",
            (
                list(turn_ids),
                [np.asarray(v, dtype=np.float32).tobytes() for v in vectors],
                [e for e, _, _ in values],
                [lx for _, lx, _ in values],
                [n for _, _, n in values],
                user_id,
            ),
        ).rowcount

    def index_fact(self, conn: Any, user_id: str, fact_id: str, text: str, vector: np.ndarray) -> None:
        conn.execute(
            "UPDATE mem_facts SET embedding = ?::vector, lex = ?::tsvector, nterms = ? "
            "WHERE user_id = ? AND id = ?",
            (*search_values(text, vector), user_id, fact_id),
        )

    # ----- repair --------------------------------------------------------------------------------------
    def backfill(self, user_id: str, batch: int = 500) -> int:
        """Give the user's rows that have a vector but no search columns (imported, or from an older
        schema) their ``embedding``, ``lex`` and ``nterms``; returns how many rows were filled in."""
        from usermind.memory.episodic import turn_document

        filled = 0
        queries = {
            "mem_turns": "SELECT id, text, speaker, caption, vec FROM mem_turns "
            "WHERE user_id = ? AND embedding IS NULL AND length(vec) > 0 LIMIT ?",
            "mem_facts": "SELECT id, text, vec FROM mem_facts "
            "WHERE user_id = ? AND embedding IS NULL AND length(vec) > 0 LIMIT ?",
        }
        for table, sql in queries.items():
            while rows := self.db.query(sql, (user_id, batch)):
                documents = [
                    turn_document(r["text"], r["speaker"], r["caption"])
                    if table == "mem_turns"
                    else r["text"]
                    for r in rows
                ]
                values = [
                    search_values(d, from_blob(r["vec"], self.dim))
                    for d, r in zip(documents, rows, strict=True)
                ]
                with self.db.transaction() as conn:  # one statement per batch (the statistics trigger once)
                    conn.execute(
                        f"UPDATE {table} m SET embedding = v.embedding::vector, lex = v.lex::tsvector, "
                        "nterms = v.nterms FROM unnest(?::text[], ?::text[], ?::text[], ?::int[]) "
                        "AS v(id, embedding, lex, nterms) WHERE m.user_id = ? AND m.id = v.id",
                        (
                            [r["id"] for r in rows],
                            [e for e, _, _ in values],
                            [lx for _, lx, _ in values],
                            [n for _, _, n in values],
                            user_id,
                        ),
                    )
                filled += len(rows)
        return filled
