"""Recall on Postgres without a copy of the user's memory: the database finds the candidates, the same
scoring code as on SQLite ranks them.

For one query, Postgres returns the ``candidate_pool`` nearest turns and facts of the user by cosine
distance (HNSW, ``hnsw.ef_search`` raised to the pool, iterative scan so the user filter cannot starve
it) and the ``candidate_pool`` best by BM25 over the ``lex`` tsvectors (GIN; BM25 computed in SQL
from the user's term statistics).  Those rows, with the turns next to them in their sessions, form a
small :class:`~usermind.memory.user_index.UserIndex` whose BM25 weighs terms with the statistics of
the user's whole memory (:class:`CorpusBM25`), so :func:`usermind.memory.recall.search` and the
verifier score every candidate exactly as the full in-memory index would.  What can differ from the
full index: a row outside the candidates (not near the query, no query term) is never ranked, the
feedback hop and session support see only candidate rows, and HNSW is approximate.

Per process only the user's corpus statistics (row count, total length, speakers) are cached, keyed
by the user's cache token (:mod:`usermind.storage.coherence`): any write anywhere makes them stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from usermind.memory.episodic import _COLUMNS as TURN_COLUMNS
from usermind.memory.episodic import _row_to_turn
from usermind.memory.lexical import BM25Index
from usermind.memory.pg_search import PgSearch, any_of, vector_literal
from usermind.memory.semantic import _COLUMNS as FACT_COLUMNS
from usermind.memory.semantic import _row_to_fact
from usermind.memory.user_index import Terms, UserIndex
from usermind.memory.vector_index import from_blob
from usermind.storage.coherence import MEMORY, CacheGuard
from usermind.storage.contract import Storage

_SEARCHABLE_TURN = "user_id = ? AND embedding IS NOT NULL"
_SEARCHABLE_FACT = "user_id = ? AND valid_to IS NULL AND embedding IS NOT NULL"
# a row's terms as its tsvector holds them: lexemes and their frequencies (number of positions)
_TERMS = (
    "ARRAY(SELECT u.lexeme FROM unnest(lex) u) AS lexemes, "
    "ARRAY(SELECT cardinality(u.positions) FROM unnest(lex) u) AS tfs, nterms"
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


class PgRecall:
    def __init__(self, db: Storage, dim: int, candidate_pool: int):
        self.db = db
        self.search = PgSearch(db, dim)
        self.dim = dim
        self.pool = candidate_pool
        self._guard = CacheGuard(db, MEMORY)  # never bumped by this process: every write makes it stale
        self._corpora: OrderedDict[str, Corpus] = OrderedDict()
        self._lock = threading.Lock()

    # ----- the user's corpus statistics ---------------------------------------------------------------
    def corpus(self, user_id: str) -> Corpus:
        with self._lock:
            cached = self._corpora.get(user_id)
        if cached is not None and self._guard.fresh(user_id):
            return cached
        self._guard.stamp(user_id)
        self.search.backfill(user_id)
        turns = self.db.query(
            f"SELECT speaker, COUNT(*), COALESCE(SUM(nterms), 0) FROM mem_turns WHERE {_SEARCHABLE_TURN} "
            "GROUP BY speaker",
            (user_id,),
        )
        facts = self.db.query(
            f"SELECT COUNT(*), COALESCE(SUM(nterms), 0) FROM mem_facts WHERE {_SEARCHABLE_FACT}", (user_id,)
        )[0]
        corpus = Corpus(
            docs=sum(int(r[1]) for r in turns) + int(facts[0]),
            total=sum(int(r[2]) for r in turns) + int(facts[1]),
            speakers={r[0] for r in turns if r[0]},
        )
        with self._lock:
            self._corpora[user_id] = corpus
            self._corpora.move_to_end(user_id)
            while len(self._corpora) > 1024:
                self._corpora.popitem(last=False)
        return corpus

    def doc_freqs(self, user_id: str, terms: Sequence[str]) -> dict[str, int]:
        """How many of the user's searchable rows hold each term (one query, GIN)."""
        if not terms:
            return {}
        query = any_of(terms)
        rows = self.db.query(
            "SELECT u.lexeme, COUNT(*) FROM ("
            f"SELECT lex FROM mem_turns WHERE {_SEARCHABLE_TURN} AND lex @@ ?::tsquery "
            f"UNION ALL SELECT lex FROM mem_facts WHERE {_SEARCHABLE_FACT} AND lex @@ ?::tsquery"
            ") m CROSS JOIN LATERAL unnest(m.lex) u WHERE u.lexeme = ANY(?) GROUP BY u.lexeme",
            (user_id, query, user_id, query, list(terms)),
        )
        return {r[0]: int(r[1]) for r in rows}

    def bm25(self, user_id: str, terms: Sequence[str] = ()) -> CorpusBM25:
        corpus = self.corpus(user_id)

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
        vec = vector_literal(query_vec)
        with self.db.transaction() as conn:
            conn.execute("SELECT set_config('hnsw.ef_search', ?, true)", (str(min(max(n, 40), 1000)),))
            conn.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
            rows = conn.execute(
                f"(SELECT id FROM mem_turns WHERE {_SEARCHABLE_TURN} "
                "ORDER BY embedding <=> ?::vector LIMIT ?) "
                f"UNION ALL (SELECT id FROM mem_facts WHERE {_SEARCHABLE_FACT} "
                "ORDER BY embedding <=> ?::vector LIMIT ?)",
                (user_id, vec, n, user_id, vec, n),
            ).fetchall()
        return [r[0] for r in rows]

    def lexical_ids(self, user_id: str, terms: Sequence[str], lexical: CorpusBM25, n: int) -> list[str]:
        """The ``n`` best rows by BM25 (the same formula as :class:`BM25Index`, computed in SQL)."""
        terms = list(dict.fromkeys(terms))
        if not terms:
            return []
        weights = [lexical.idf(t) * (lexical.k1 + 1) for t in terms]
        k1, b, avg = lexical.k1, lexical.b, lexical.avg_length()
        query = any_of(terms)

        def part(table: str, where: str) -> str:
            return (
                "SELECT m.id, SUM(q.w * cardinality(u.positions) / (cardinality(u.positions) "
                f"+ {k1!r} * (1 - {b!r} + {b!r} * m.nterms / {avg!r}))) AS s FROM {table} m "
                "CROSS JOIN LATERAL unnest(m.lex) u JOIN unnest(?::text[], ?::float8[]) AS q(term, w) "
                f"ON q.term = u.lexeme WHERE m.{where.replace(' AND ', ' AND m.')} AND m.lex @@ ?::tsquery "
                "GROUP BY m.id"
            )

        rows = self.db.query(
            f"SELECT id FROM ({part('mem_turns', _SEARCHABLE_TURN)} UNION ALL "
            f"{part('mem_facts', _SEARCHABLE_FACT)}) s ORDER BY s DESC, id LIMIT ?",
            (terms, weights, user_id, query, terms, weights, user_id, query, n),
        )
        return [r[0] for r in rows]

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
    ) -> UserIndex:
        """A :class:`UserIndex` of the rows ``ids`` (turns with the turns before and after them in their
        sessions), BM25 weighted by the user's whole memory."""
        ids = list(dict.fromkeys(ids))
        links: dict[str, tuple[str | None, str | None]] = {}
        if neighbours and ids:
            rows = self.db.query(
                "SELECT c.id, (SELECT p.id FROM mem_turns p WHERE p.user_id = c.user_id AND "
                "p.session_id = c.session_id AND p.seq < c.seq AND p.embedding IS NOT NULL "
                "ORDER BY p.seq DESC LIMIT 1), (SELECT p.id FROM mem_turns p WHERE p.user_id = c.user_id "
                "AND p.session_id = c.session_id AND p.seq > c.seq AND p.embedding IS NOT NULL "
                "ORDER BY p.seq LIMIT 1) FROM mem_turns c WHERE c.user_id = ? AND c.id = ANY(?)",
                (user_id, ids),
            )
            links = {r[0]: (r[1], r[2]) for r in rows}
        wanted = set(ids) | {n for pair in links.values() for n in pair if n}
        turn_rows = self.db.query(
            f"SELECT {TURN_COLUMNS}, vec, {_TERMS} FROM mem_turns WHERE {_SEARCHABLE_TURN} AND id = ANY(?) "
            "ORDER BY seq",
            (user_id, list(wanted)),
        )
        fact_rows = self.db.query(
            f"SELECT {FACT_COLUMNS}, vec, {_TERMS} FROM mem_facts WHERE {_SEARCHABLE_FACT} AND id = ANY(?) "
            "ORDER BY rowid",
            (user_id, ids),
        )
        index = UserIndex(dim=self.dim, lexical=lexical or self.bm25(user_id, terms))
        for r in turn_rows:
            index.add_turn(_row_to_turn(r), from_blob(r["vec"], self.dim), _terms(r))
        for r in fact_rows:
            index.add_fact(_row_to_fact(r), from_blob(r["vec"], self.dim), _terms(r))
        _link(index, links)
        return index

    def candidates(
        self, user_id: str, query_vec: np.ndarray, terms: Sequence[str], pool: int | None = None
    ) -> UserIndex:
        """The small index recall ranks: dense and lexical candidates and their neighbours."""
        n = pool or self.pool
        lexical = self.bm25(user_id, terms)
        ids = self.dense_ids(user_id, query_vec, n) + self.lexical_ids(user_id, terms, lexical, n)
        return self.index_of(user_id, ids, terms, lexical=lexical)


def _terms(row) -> Terms:
    """A row's term frequencies and length, as its tsvector stores them (no re-tokenising)."""
    return dict(zip(row["lexemes"], row["tfs"], strict=True)), int(row["nterms"])


def _link(index: UserIndex, links: dict[str, tuple[str | None, str | None]]) -> None:
    """Replace the index's session neighbours (adjacent among the loaded rows) with the true ones:
    the turn before and after in the session, when loaded, else none."""
    prev, nxt = index.columns["prev"], index.columns["next"]
    known_next: dict[str, str] = {}
    known_prev: dict[str, str] = {}
    for turn_id, (before, after) in links.items():
        if before:
            known_next[before] = turn_id
        if after:
            known_prev[after] = turn_id
    for i, row in enumerate(index.rows):
        if row.kind != "turn":
            continue
        before, after = links.get(row.id, (known_prev.get(row.id), known_next.get(row.id)))
        row.prev = index.by_id.get(before, -1) if before else -1
        row.next = index.by_id.get(after, -1) if after else -1
        prev[i], nxt[i] = row.prev, row.next
