"""``mem_words``: each user's vocabulary with its word vectors (see :mod:`usermind.memory.vocabulary`).

Derived data, like a turn's vector: on SQLite a word missing here (a database from before this table, a
word of a forgotten memory that another memory still uses) is embedded again when the user's index is
built.  On Postgres each row also holds the vector as a pgvector ``embedding`` (written with the row),
which the word expansion scans in the database; there a forgotten memory's words that other memories
still use are kept, and a user whose words are missing has them embedded on the first recall after
(:mod:`usermind.memory.pg_words`).  Forgetting memories deletes their words; forgetting the user
deletes them all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from usermind.memory import schema
from usermind.memory.pg_search import vector_literal
from usermind.memory.vector_index import from_blob, to_blob
from usermind.memory.vocabulary import vocabulary_words, words_of_texts
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.memory.query import QueryInfo
    from usermind.memory.user_index import UserIndex

log = logging.getLogger(__name__)

_CHUNK = 500  # words per IN (...) list


class WordStore:
    def __init__(self, db: Storage):
        self.db = db
        schema.ensure(db)

    def load(self, user_id: str, dim: int) -> tuple[list[str], np.ndarray]:
        rows = self.db.query("SELECT word, vec FROM mem_words WHERE user_id = ? ORDER BY word", (user_id,))
        if not rows:
            return [], np.zeros((0, dim), dtype=np.float32)
        return [r["word"] for r in rows], np.stack([from_blob(r["vec"], dim) for r in rows])

    def known(self, user_id: str, words: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(words), _CHUNK):
            chunk = words[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT word FROM mem_words WHERE user_id = ? AND word IN ({marks})"
            found.update(r["word"] for r in self.db.query(sql, (user_id, *chunk)))
        return found

    def add(self, user_id: str, words: list[str], vectors: np.ndarray) -> None:
        """Store new words with their vectors (on Postgres with the ``embedding`` copy too)."""
        pg = self.db.dialect == "postgres"
        rows = [
            (user_id, w, to_blob(v), *([vector_literal(v)] if pg else []))
            for w, v in zip(words, vectors, strict=True)
        ]
        columns, marks = ("vec, embedding", "?,?::vector") if pg else ("vec", "?")
        if rows:
            with self.db.transaction() as conn:
                conn.executemany(
                    f"INSERT INTO mem_words (user_id, word, {columns}) VALUES (?,?,{marks}) "
                    "ON CONFLICT DO NOTHING",
                    rows,
                )

    @staticmethod
    def delete_words_of(
        conn, user_id: str, texts: Iterable[str], still_used: Callable[[list[str]], set[str]] | None = None
    ) -> None:
        """Inside ``conn``'s transaction: drop every word of ``texts`` (memories being forgotten), but
        those ``still_used`` (a function of the words, called after the memories are deleted) returns."""
        doomed = words_of_texts(texts)
        kept = still_used(doomed) if still_used is not None and doomed else set()
        conn.executemany(
            "DELETE FROM mem_words WHERE user_id = ? AND word = ?",
            [(user_id, w) for w in doomed if w not in kept],
        )


class WordVectors:
    """Keeps a user's :class:`~usermind.memory.vocabulary.Vocabulary` and ``mem_words`` in step: new words
    are embedded once (at ingest, or when an index is built and finds words the table lacks; on Postgres,
    which builds no full index, when a recall finds gaps: :mod:`usermind.memory.pg_words`), never while
    ``lock`` (the index cache's) is held by this class, and added to the table and the index under it."""

    def __init__(self, db: Storage, embed, lock, enabled: bool = True):
        self.store = WordStore(db)
        self._embed = embed  # list[str] -> vectors
        self._lock = lock
        self.enabled = enabled  # off: nothing is embedded or stored
        self.failed: set[str] = set()  # users some of whose words could not be embedded (Postgres retries)

    def learn(self, user_id: str, texts: list[str], index: UserIndex | None = None) -> None:
        """Embed and store the words of ``texts`` the user's vocabulary lacks (``index``: the user's cached
        index, whose vocabulary is kept in step; None: the table is asked which words it has).  A failing
        embedder is logged, not raised: the memories are stored already and the next index build embeds
        the words that are missing."""
        if not self.enabled:
            return
        if index is not None:
            new = index.vocabulary.unknown(texts)
        else:
            found = words_of_texts(texts)
            known = self.store.known(user_id, found)
            new = [w for w in found if w not in known]
        self._add(user_id, new, index)

    def _add(self, user_id: str, new: list[str], index: UserIndex | None) -> None:
        if not new:
            return
        try:
            vectors = np.asarray(self._embed(new), dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - derived data, rebuilt later
            log.warning(
                "word vectors of %d new words not computed (%s); the next index build (Postgres: the next "
                "recall) retries",
                len(new),
                exc,
            )
            self.failed.add(user_id)
            return
        with self._lock:
            self.store.add(user_id, new, vectors)
            if index is not None:
                index.vocabulary.add(new, vectors)

    def fill(self, user_id: str, index: UserIndex) -> None:
        """A new index's vocabulary: the stored words, then those of its rows the table lacked."""
        if not self.enabled:
            return
        self.failed.discard(user_id)  # this build is the retry (on SQLite); _add records a new failure
        words, vectors = self.store.load(user_id, index.vocabulary.dim)
        index.vocabulary.add(words, vectors)
        self._add(user_id, index.vocabulary.pending(), index)

    def for_query(self, index: UserIndex, info: QueryInfo, embed) -> dict[str, np.ndarray] | None:
        """The vectors of the query's words the user's vocabulary lacks (``embed``: the query vector
        cache), computed before the index is locked; None where no word expansion applies (disabled, no
        vocabulary yet, or a request: see :func:`usermind.memory.recall.expansion_terms`)."""
        if not self.enabled or info.wants_preferences or not len(index.vocabulary):
            return None
        missing = [w for w in vocabulary_words(info.dense_text) if w not in index.vocabulary]
        return dict(zip(missing, embed(missing), strict=True)) if missing else {}
