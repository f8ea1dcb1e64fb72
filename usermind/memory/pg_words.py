"""Word expansion on Postgres: the user's vocabulary is scanned in the database, not loaded.

Every word of a user's memories is stored in ``mem_words`` as on SQLite (:mod:`usermind.memory.words`),
with a pgvector copy of its vector (``embedding``, written with the row; no index: a question scans the
user's words once).  For a question, one statement computes every word's likeness as
:meth:`~usermind.memory.vocabulary.Vocabulary.likeness` does (the best inner product with a question
word's vector, less ``expansion_generic`` x the inner product with the normalised mean of the user's
word vectors, here the normalised sum; all unit vectors) and returns the words from ``expansion_floor``
up, likest first (ties by word, as SQLite's vocabulary is ordered);
:func:`~usermind.memory.vocabulary.pick_terms` chooses the stems exactly as on SQLite, the
document-frequency limit taken on the user's whole memory (``mem_lex_stats``).  The question's words
the table holds bring their stored vectors; the others are embedded first (the query vector cache), as
on SQLite.  Results can differ from SQLite's only where two likenesses are within float32 rounding of
each other or of the floor (the server sums in float32 and in another order; SQLite's mean is summed in
float64).

Gaps are filled once per corpus (after any write, on the next recall): ``embedding`` from ``vec`` where
missing, and when the user has searchable memories but no word at all (a database from before, an
import: word vectors are not exported) or an embedding of words failed in this process, the words of
every searchable row are learned (those the table lacks are embedded, in batches).  Forgetting memories
keeps the words other memories still hold (:func:`still_used`), so nothing needs embedding again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from usermind.memory.config import MemoryConfig
from usermind.memory.episodic import turn_document
from usermind.memory.pg_candidates import SEARCHABLE_FACT, SEARCHABLE_TURN
from usermind.memory.pg_search import any_of, vector_literal
from usermind.memory.query import QueryInfo
from usermind.memory.vector_index import from_blob
from usermind.memory.vocabulary import pick_terms, vocabulary_words, words_of_texts
from usermind.memory.words import WordVectors
from usermind.storage.contract import Storage
from usermind.text import stem

if TYPE_CHECKING:
    from usermind.memory.pg_recall import Corpus, CorpusBM25

_BATCH = 500  # rows per statement when gaps are filled
FIRST_PAGE = 4  # the first scan returns this many times ``expansion_terms`` words (the rest if too few)


def _ranked_sql(questions: int) -> str:
    """The user's words from the floor (third-last parameter) up, likest first: the best inner product
    with the ``questions`` vectors (parameters), less the generic share of that with the normalised sum
    of the user's word vectors (computed once); the likeness is computed once per word (OFFSET 0)."""
    best = ", ".join(["-(embedding <#> ?::vector)"] * questions)
    mean = "(SELECT l2_normalize(sum(embedding)) FROM mem_words WHERE user_id = ? AND embedding IS NOT NULL)"
    return (
        f"SELECT word FROM (SELECT word, GREATEST({best}) + ? * (embedding <#> {mean}) AS likeness "
        "FROM mem_words WHERE user_id = ? AND embedding IS NOT NULL OFFSET 0) s "
        'WHERE likeness >= ? ORDER BY likeness DESC, word COLLATE "C" LIMIT ? OFFSET ?'
    )


@dataclass(frozen=True)
class Question:
    """A question's vocabulary words with their vectors (the stored one where the user's table has it)."""

    asked: list[str]
    vectors: dict[str, np.ndarray]


class PgWords:
    """The word expansion of one Postgres database (``words``: the memory system's word vectors)."""

    def __init__(self, db: Storage, words: WordVectors, dim: int):
        self.db, self.words, self.dim = db, words, dim

    # ----- gaps ----------------------------------------------------------------------------------------
    def complete(self, user_id: str, corpus: Corpus) -> None:
        """Once per corpus (that is, after any write), and on every recall after an embedding of words
        failed: fill the user's gaps (see the module's text)."""
        if (corpus.words_checked and user_id not in self.words.failed) or not self.words.enabled:
            return
        self._fill_embeddings(user_id)
        lacking = corpus.docs > 0 and not self.db.query(
            "SELECT 1 FROM mem_words WHERE user_id = ? LIMIT 1", (user_id,)
        )
        if lacking or user_id in self.words.failed:
            self.words.failed.discard(user_id)
            self.learn_all(user_id)
        corpus.words_checked = True

    def _fill_embeddings(self, user_id: str) -> None:
        sql = "SELECT word, vec FROM mem_words WHERE user_id = ? AND embedding IS NULL LIMIT ?"
        while rows := self.db.query(sql, (user_id, _BATCH)):
            good = [r for r in rows if len(r["vec"]) == 4 * self.dim]
            bad = [r["word"] for r in rows if len(r["vec"]) != 4 * self.dim]
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE mem_words m SET embedding = v.e::vector FROM unnest(?::text[], ?::text[]) "
                    "AS v(word, e) WHERE m.user_id = ? AND m.word = v.word",
                    ([r["word"] for r in good], [vector_literal(from_blob(r["vec"])) for r in good], user_id),
                )
                conn.execute("DELETE FROM mem_words WHERE user_id = ? AND word = ANY(?)", (user_id, bad))
            if bad:  # a damaged vector: the word is embedded again
                self.words.failed.add(user_id)

    def learn_all(self, user_id: str) -> None:
        """Embed the words of every searchable row of the user that the table lacks, batch by batch."""
        parts: list[tuple[str, Callable[[Any], str]]] = [
            (
                f"SELECT id, text, speaker, caption FROM mem_turns WHERE {SEARCHABLE_TURN} AND id > ? "
                "ORDER BY id LIMIT ?",
                lambda r: turn_document(r["text"], r["speaker"], r["caption"]),
            ),
            (
                f"SELECT id, text FROM mem_facts WHERE {SEARCHABLE_FACT} AND id > ? ORDER BY id LIMIT ?",
                lambda r: r["text"],
            ),
        ]
        for sql, document in parts:
            last = ""
            while rows := self.db.query(sql, (user_id, last, _BATCH)):
                self.words.learn(user_id, [document(r) for r in rows])
                last = rows[-1]["id"]

    # ----- a question's expansion ----------------------------------------------------------------------
    def question(
        self, user_id: str, info: QueryInfo, embed: Callable[[list[str]], np.ndarray], config: MemoryConfig
    ) -> Question | None:
        """The question's words, those the user's table lacks embedded (``embed``: the query vector
        cache; call it with no connection pinned); None where no expansion applies: weight 0, a request
        (see :func:`usermind.memory.recall.expansion_terms`), no word to compare, or no vocabulary."""
        asked = vocabulary_words(info.dense_text)
        if config.weights.expansion <= 0 or info.wants_preferences or not asked:
            return None
        rows = self.db.query(
            "SELECT word, vec FROM mem_words WHERE user_id = ? AND (word = ANY(?) OR word = "
            "(SELECT word FROM mem_words WHERE user_id = ? LIMIT 1))",
            (user_id, asked, user_id),
        )
        if not rows:
            return None  # no vocabulary
        held = {
            r["word"]: from_blob(r["vec"])
            for r in rows
            if r["word"] in asked and len(r["vec"]) == 4 * self.dim
        }
        missing = [w for w in asked if w not in held]
        vectors = held | (dict(zip(missing, embed(missing), strict=True)) if missing else {})
        return Question(asked, {w: vectors[w] for w in asked})

    def expansion(
        self, user_id: str, question: Question, lexical: CorpusBM25, config: MemoryConfig
    ) -> list[str]:
        """The stems of the user's words most like the question's (``lexical``: BM25 of the user's whole
        memory, whose document frequencies set the limit)."""
        limit = max(config.expansion_max_share * lexical.doc_count(), 1.0)  # as on SQLite
        return pick_terms(
            self._ranked(user_id, question, lexical, config),
            {stem(w) for w in question.asked},
            lambda term: lexical.doc_freq(term) <= limit,
            config.expansion_terms,
        )

    def _ranked(
        self, user_id: str, question: Question, lexical: CorpusBM25, config: MemoryConfig
    ) -> Iterator[str]:
        """The user's words from the floor up, likest first: a first page, then the rest if asked for."""
        literals = [vector_literal(v) for v in question.vectors.values()]
        sql = _ranked_sql(len(literals))
        first = FIRST_PAGE * config.expansion_terms
        for limit, offset in ((first, 0), (None, first)):
            params = (
                *literals,
                config.expansion_generic,
                user_id,
                user_id,
                config.expansion_floor,
                limit,
                offset,
            )
            found = [r[0] for r in self.db.query(sql, params)]
            lexical.prepare([stem(w) for w in found])  # their document frequencies in one statement
            yield from found
            if limit is not None and len(found) < limit:
                return


def still_used(conn: Any, user_id: str, words: list[str]) -> set[str]:
    """Inside a forget's transaction, after the memories went: those of ``words`` that a searchable row
    of the user still holds (the rows found by the words' stems in ``lex``, the words read in their text)."""
    match = any_of(sorted({stem(w) for w in words}))
    turns = conn.execute(
        f"SELECT text, speaker, caption FROM mem_turns WHERE {SEARCHABLE_TURN} AND lex @@ ?::tsquery",
        (user_id, match),
    ).fetchall()
    facts = conn.execute(
        f"SELECT text FROM mem_facts WHERE {SEARCHABLE_FACT} AND lex @@ ?::tsquery", (user_id, match)
    ).fetchall()
    texts = [turn_document(r[0], r[1], r[2]) for r in turns] + [r[0] for r in facts]
    return set(words_of_texts(texts)) & set(words)
