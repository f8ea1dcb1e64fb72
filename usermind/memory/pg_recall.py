"""Recall on Postgres without a copy of the user's memory: the database finds the candidates, the same
scoring code as on SQLite ranks them.

For one query, Postgres returns the ``candidate_pool`` nearest turns and facts of the user by cosine
distance and the ``candidate_pool`` best by an approximate BM25, each with its cosine and approximate
BM25 (:mod:`usermind.memory.pg_candidates`); the best ``candidate_rows`` of them by that first score
are loaded, with the turns next to them in their sessions, into a small
:class:`~usermind.memory.user_index.UserIndex` whose BM25 weighs terms with the statistics of the
user's whole memory (:class:`CorpusBM25`, read from ``mem_lex_stats``, which triggers keep exact:
:mod:`usermind.storage.postgres_lex_stats`), so :func:`usermind.memory.recall.search` and the verifier
score every loaded row exactly as the full in-memory index would.  What can differ from the full
index: a row outside the candidates (not near the query, no searched query or expansion term) is
never ranked, the feedback hop, session support and the preference pool see only loaded rows (each
lexical component is divided by its best among them), and HNSW is approximate.  Word expansion
(:mod:`usermind.memory.vocabulary`) finds its terms in the database, from the user's word vectors in
``mem_words`` (:mod:`usermind.memory.pg_words`): they are searched as a third candidate list and
scored by the same code.

Per process only the user's corpus statistics (row count, total length, speakers, the document
frequencies asked for so far) are cached, keyed by the user's cache token
(:mod:`usermind.storage.coherence`): any write anywhere makes them stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from usermind.memory import pg_candidates
from usermind.memory.config import FusionWeights
from usermind.memory.episodic import _COLUMNS as TURN_COLUMNS
from usermind.memory.episodic import _row_to_turn
from usermind.memory.lexical import BM25Index
from usermind.memory.pg_search import PgSearch
from usermind.memory.semantic import _COLUMNS as FACT_COLUMNS
from usermind.memory.semantic import _row_to_fact
from usermind.memory.user_index import Terms, UserIndex
from usermind.memory.vector_index import from_blob
from usermind.storage.coherence import MEMORY, CacheGuard
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.memory.kinds import MessageKinds

_RECALLS_KEPT = 32
_SEARCHABLE_TURN = pg_candidates.SEARCHABLE_TURN
_SEARCHABLE_FACT = pg_candidates.SEARCHABLE_FACT
# a row's terms as its tsvector holds them: lexemes and their frequencies (number of positions)
_TERMS = (
    "ARRAY(SELECT u.lexeme FROM unnest(lex) u) AS lexemes, "
    "ARRAY(SELECT cardinality(u.positions) FROM unnest(lex) u) AS tfs, nterms"
)


# the turns ``ids`` (second parameter) with the ids of the turns before and after them in their sessions
_LINKS = (
    "c AS (SELECT id, session_id, seq FROM mem_turns WHERE user_id = ? AND id = ANY(?)), "
    "l AS (SELECT c.id, (SELECT p.id FROM mem_turns p WHERE p.user_id = ? AND p.session_id = c.session_id "
    "AND p.seq < c.seq AND p.embedding IS NOT NULL ORDER BY p.seq DESC LIMIT 1) AS before, "
    "(SELECT p.id FROM mem_turns p WHERE p.user_id = ? AND p.session_id = c.session_id "
    "AND p.seq > c.seq AND p.embedding IS NOT NULL ORDER BY p.seq LIMIT 1) AS after FROM c)"
)


class CorpusBM25(BM25Index):
    """BM25 over a few rows of a user's memory, weighted by the statistics of all of it."""

    def __init__(self, docs: int, total: int, fetch: Callable[[list[str]], dict[str, int]]):
        super().__init__()
        self._docs, self._corpus_total, self._fetch = docs, total, fetch
        self._df: dict[str, int] = {}

    def doc_count(self) -> int:
        return self._docs

    def avg_length(self) -> float:
        return max(self._corpus_total / self._docs, 1e-6) if self._docs else 1e-6

    def prepare(self, terms: list[str]) -> None:
        missing = [t for t in dict.fromkeys(terms) if t not in self._df]
        if missing:
            found = self._fetch(missing)
            self._df.update({t: found.get(t, 0) for t in missing})

    def doc_freq(self, term: str) -> int:
        if term not in self._df:
            self.prepare([term])
        return self._df[term]


@dataclass
class Corpus:
    """What BM25 and query analysis need of a user's whole memory."""

    docs: int
    total: int
    speakers: set[str]
    df: dict[str, int] = field(default_factory=dict)  # document frequencies fetched so far
    words_checked: bool = False  # the user's word vectors were checked for gaps (pg_words.complete)


class PgRecall:
    def __init__(
        self,
        db: Storage,
        dim: int,
        candidate_pool: int,
        candidate_rows: int | None = None,
        weights: FusionWeights | None = None,
        kinds: MessageKinds | None = None,
    ):
        self.db = db
        self.kinds = kinds  # tells statements without "I" (UserIndex.kinds)
        self.search = PgSearch(db, dim)
        self.dim = dim
        self.pool = candidate_pool
        self.rows = candidate_rows or candidate_pool
        self.weights = weights or FusionWeights()
        self._guard = CacheGuard(db, MEMORY)  # never bumped by this process: every write makes it stale
        self._corpora: OrderedDict[str, Corpus] = OrderedDict()
        # the last recalls' indexes, so verifying what one recalled reads no row again: (user, query)
        # -> (the corpus it was built on, the index)
        self._recalled: OrderedDict[tuple[str, str], tuple[Corpus, UserIndex]] = OrderedDict()
        self._lock = threading.Lock()

    # ----- the user's corpus statistics ---------------------------------------------------------------
    def corpus(self, user_id: str) -> Corpus:
        with self._lock:
            cached = self._corpora.get(user_id)
        if cached is not None and self._guard.fresh(user_id):
            return cached
        self._guard.stamp(user_id)
        self.search.backfill(user_id)
        rows = self.db.query(
            "SELECT kind, term, docs, length FROM mem_lex_stats WHERE user_id = ? AND kind IN ('c', 's')",
            (user_id,),
        )
        totals = [r for r in rows if r[0] == "c"]
        corpus = Corpus(
            docs=int(totals[0][2]) if totals else 0,
            total=int(totals[0][3]) if totals else 0,
            speakers={r[1] for r in rows if r[0] == "s" and int(r[2]) > 0},
        )
        with self._lock:
            self._corpora[user_id] = corpus
            self._corpora.move_to_end(user_id)
            while len(self._corpora) > 1024:
                self._corpora.popitem(last=False)
            for key in [k for k in self._recalled if k[0] == user_id]:
                del self._recalled[key]  # built before a write: never reused
        return corpus

    def doc_freqs(self, user_id: str, terms: Sequence[str]) -> dict[str, int]:
        """How many of the user's searchable rows hold each term (one primary-key lookup per term)."""
        if not terms:
            return {}
        rows = self.db.query(
            "SELECT term, docs FROM mem_lex_stats WHERE user_id = ? AND kind = 't' AND term = ANY(?)",
            (user_id, list(terms)),
        )
        return {r[0]: int(r[1]) for r in rows}

    def bm25(self, user_id: str, terms: Sequence[str] = (), corpus: Corpus | None = None) -> CorpusBM25:
        """BM25 weighted by the user's whole memory (``corpus``: its statistics, when just read)."""
        corpus = corpus if corpus is not None else self.corpus(user_id)

        def fetch(missing: list[str]) -> dict[str, int]:
            found = self.doc_freqs(user_id, missing)
            corpus.df.update({t: found.get(t, 0) for t in missing})
            return found

        lexical = CorpusBM25(corpus.docs, corpus.total, fetch)
        lexical._df.update(corpus.df)
        lexical.prepare(list(terms))
        return lexical

    # ----- candidates ----------------------------------------------------------------------------------
    def dense_ids(self, user_id: str, query_vec: np.ndarray, n: int) -> list[str]:
        """The ``n`` nearest turns and the ``n`` nearest facts of the user (the first stage's dense list)."""
        dense_only = pg_candidates.LexicalExpression.none()
        found = pg_candidates.fetch(self.db, user_id, query_vec, n, dense_only, ())
        return [c.id for c in found]

    def max_dense(self, user_id: str, vector: np.ndarray) -> float:
        """The best cosine similarity of ``vector`` to any of the user's memories (0 when none)."""
        ids = self.dense_ids(user_id, vector, 1)
        index = self.index_of(user_id, ids, neighbours=False)
        return float((index.vectors.matrix @ vector).max()) if len(index) else 0.0

    # ----- a small index of some rows -----------------------------------------------------------------
    def index_of(
        self,
        user_id: str,
        ids: Sequence[str],
        terms: Sequence[str] = (),
        *,
        neighbours: bool = True,
        lexical: CorpusBM25 | None = None,
        facts: bool = True,
    ) -> UserIndex:
        """A :class:`UserIndex` of the rows ``ids`` (turns with the turns before and after them in their
        sessions), BM25 weighted by the user's whole memory; ``facts=False``: ``ids`` holds no fact
        (the facts table is not read)."""
        ids = list(dict.fromkeys(ids))
        turn_sql = f"SELECT {TURN_COLUMNS}, vec, {_TERMS} FROM mem_turns WHERE {_SEARCHABLE_TURN} AND id"
        if neighbours:  # the rows and the turns before and after them in their sessions, in one query
            turn_rows = self.db.query(
                f"WITH {_LINKS}, "
                "w AS (SELECT id FROM l UNION SELECT before FROM l UNION SELECT after FROM l) "
                f"SELECT t.*, l.id IS NOT NULL AS linked, l.before, l.after FROM ({turn_sql} IN "
                "(SELECT id FROM w)) t LEFT JOIN l ON l.id = t.id ORDER BY t.seq",
                (user_id, ids, user_id, user_id, user_id),
            )
        else:
            turn_rows = self.db.query(f"{turn_sql} = ANY(?) ORDER BY seq", (user_id, ids))
        links = {r["id"]: (r["before"], r["after"]) for r in turn_rows if neighbours and r["linked"]}
        fact_sql = f"SELECT {FACT_COLUMNS}, vec, {_TERMS} FROM mem_facts WHERE {_SEARCHABLE_FACT} AND id"
        fact_rows = self.db.query(f"{fact_sql} = ANY(?) ORDER BY rowid", (user_id, ids)) if facts else []
        lexical = lexical if lexical is not None else self.bm25(user_id, terms)
        index = UserIndex(dim=self.dim, lexical=lexical, kinds=self.kinds)
        for r in turn_rows:
            index.add_turn(_row_to_turn(r), from_blob(r["vec"], self.dim), _terms(r))
        for r in fact_rows:
            index.add_fact(_row_to_fact(r), from_blob(r["vec"], self.dim), _terms(r))
        index.link_sessions(links)
        return index

    def remember_recall(self, user_id: str, query: str, corpus: Corpus, index: UserIndex) -> None:
        with self._lock:
            self._recalled[(user_id, query)] = (corpus, index)
            while len(self._recalled) > _RECALLS_KEPT:
                self._recalled.popitem(last=False)

    def recalled(self, user_id: str, query: str, corpus: Corpus, ids: Sequence[str]) -> UserIndex | None:
        """The index the last recall of ``query`` ranked on, when nothing was written since (the same
        ``corpus``) and it holds every row of ``ids``; else None.  A recalled row loaded only as a
        candidate's session neighbour is verified with the neighbours loaded beside it (its other one,
        not a candidate, is not read): on the LoCoMo dev split evidence retention stayed 0.976, and
        verification stopped reading rows again for four recalls in five."""
        with self._lock:
            found = self._recalled.get((user_id, query))
        if found is None or found[0] is not corpus or not set(ids) <= found[1].by_id.keys():
            return None
        return found[1]

    def candidates(
        self,
        user_id: str,
        query_vec: np.ndarray,
        terms: Sequence[str],
        speakers: Sequence[str] = (),
        pool: int | None = None,
        lexical: CorpusBM25 | None = None,
        expansion: Sequence[str] = (),
        people: Sequence[str] = (),
        reach: int = 1,
    ) -> UserIndex:
        """The small index recall ranks: the best first-stage candidates and their neighbours
        (``expansion``: the word expansion's terms, searched for as a list of their own; ``people``:
        the stems of the words for the people a request names: their nearest turns are loaded too;
        ``reach``: the turns this far from each candidate in its session too, for a long recall)."""
        n = pool or self.pool
        lexical = lexical if lexical is not None else self.bm25(user_id, [*terms, *expansion])
        lexical.prepare([*terms, *expansion])  # one statement for the terms not known yet
        found = pg_candidates.fetch(
            self.db,
            user_id,
            query_vec,
            n,
            *pg_candidates.searched(lexical, terms),
            *pg_candidates.searched(lexical, expansion),
        )
        ids = pg_candidates.preliminary(found, self.weights, speakers, self.rows)
        ids += [i for i in pg_candidates.people_ids(self.db, user_id, query_vec, people, n) if i not in ids]
        ids += [i for i in pg_candidates.context_ids(self.db, user_id, ids, reach) if i not in ids]
        chosen = set(ids)
        facts = any(c.is_fact for c in found if c.id in chosen)
        return self.index_of(user_id, ids, terms, lexical=lexical, facts=facts)


def _terms(row) -> Terms:
    """A row's term frequencies and length, as its tsvector stores them (no re-tokenising)."""
    return dict(zip(row["lexemes"], row["tfs"], strict=True)), int(row["nterms"])
