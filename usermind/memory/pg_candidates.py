"""The first stage of recall on Postgres: which rows are worth loading, decided inside the database.

Up to three queries in one round trip return (id, cosine, approximate BM25 of the query terms and of
the word expansion's terms, speaker, is-fact) for

* the ``n`` nearest searchable rows by cosine distance (HNSW, iterative scan so the user filter cannot
  starve it),
* the ``n`` best rows by an approximate BM25 of the query's terms over the ``lex`` tsvectors (GIN), and
* the ``n`` best by that of the expansion's terms (the user's words most like the question's:
  :mod:`usermind.memory.pg_words`), so a row holding only such a word can be a candidate.

The approximate BM25 is the exact formula with every term frequency taken as 1 (a tsvector tells
*whether* a term occurs without unnesting it; BM25 saturates in the frequency anyway), so it ranks
candidates but never scores a recalled memory: the rows chosen here are loaded and scored exactly.
Terms are searched rarest first and only while the documents they match stay within
:data:`LEX_BUDGET`; when even the rarest matches more, there are no lexical candidates (dense ones
only): a word thousands of memories contain says little about which one is meant (its BM25 weight
is low), and scanning its postings is what made lexical candidates slow at 100k; the expansion's
terms (rare by construction) are searched the same way within a budget of their own.  The documents
found are still scored on every query term.  Then :func:`preliminary` ranks the union by
``dense + w_lex * lexical + w_exp * expansion`` (+ the speaker and fact bonuses) and the best ``rows``
are loaded with their session neighbours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from usermind.memory.config import FusionWeights
from usermind.memory.lexical import BM25Index
from usermind.memory.pg_search import any_of, vector_literal
from usermind.storage.contract import Storage

LEX_BUDGET = 4000  # documents matched by the searched terms together, at most (beyond the rarest)
SEARCHABLE_TURN = "user_id = ? AND embedding IS NOT NULL"
SEARCHABLE_FACT = "user_id = ? AND valid_to IS NULL AND embedding IS NOT NULL"


@dataclass(frozen=True)
class Candidate:
    id: str
    cosine: float
    lexical: float  # approximate BM25 (term frequencies taken as 1)
    speaker: str | None
    is_fact: bool
    expansion: float = 0.0  # the same of the word expansion's terms


def searched_terms(df: dict[str, int], budget: int = LEX_BUDGET) -> list[str]:
    """The query terms to search for: rarest first while their documents fit in ``budget``."""
    present = sorted((n, t) for t, n in df.items() if n > 0)
    chosen: list[str] = []
    used = 0
    for n, term in present:
        if used + n > budget:
            break
        chosen.append(term)
        used += n
    return chosen


def searched(lexical: BM25Index, terms: Sequence[str]) -> tuple[LexicalExpression, list[str]]:
    """The approximate BM25 of ``terms`` (weighted by ``lexical``) and those of them to search for."""
    unique = list(dict.fromkeys(terms))
    chosen = searched_terms({t: lexical.doc_freq(t) for t in unique})
    return LexicalExpression(unique, lexical.idf, lexical.k1, lexical.b, lexical.avg_length()), chosen


class LexicalExpression:
    """SQL for a row's approximate BM25 on the query terms, with its parameters."""

    def __init__(self, terms: Sequence[str], idf: Callable[[str], float], k1: float, b: float, avg: float):
        self.terms = list(dict.fromkeys(terms))
        self.weights = [idf(t) * (k1 + 1) for t in self.terms]
        self.k1, self.b, self.avg = k1, b, max(avg, 1e-6)

    @classmethod
    def none(cls) -> LexicalExpression:
        """No query terms: every row's lexical score is 0 (a dense-only search)."""
        return cls([], lambda term: 0.0, 0.0, 0.0, 1.0)

    def sql(self, alias: str) -> str:
        if not self.terms:
            return "0.0"
        hits = " + ".join(f"(CASE WHEN {alias}.lex @@ ?::tsquery THEN ? ELSE 0 END)" for _ in self.terms)
        length = f"COALESCE({alias}.nterms, 0) / {self.avg!r}"
        norm = f"(1 + {self.k1!r} * (1 - {self.b!r} + {self.b!r} * {length}))"
        return f"(({hits}) / {norm})"

    def params(self) -> list[object]:
        out: list[object] = []
        for term, weight in zip(self.terms, self.weights, strict=True):
            out += [any_of([term]), weight]
        return out


def _part(table: str, where: str, order: str) -> str:
    speaker = "speaker" if table == "mem_turns" else "NULL::text"
    fact = "false" if table == "mem_turns" else "true"
    return (
        f"(SELECT id, embedding, lex, nterms, {speaker} AS speaker, {fact} AS is_fact FROM {table} "
        f"WHERE {where} {order} LIMIT ?)"
    )


@dataclass(frozen=True)
class Scores:
    """What each candidate is scored on: the query's terms and the word expansion's."""

    lexical: LexicalExpression
    expansion: LexicalExpression

    def sql(self, alias: str) -> str:
        return (
            f"1 - ({alias}.embedding <=> ?::vector), {self.lexical.sql(alias)}, {self.expansion.sql(alias)}"
        )

    def params(self, vec: str) -> list[object]:
        return [vec, *self.lexical.params(), *self.expansion.params()]


def dense_query(user_id: str, vec: str, n: int, scores: Scores) -> tuple[str, list[object]]:
    order = "ORDER BY embedding <=> ?::vector"
    sql = (
        f"SELECT c.id, {scores.sql('c')}, c.speaker, c.is_fact FROM ("
        f"{_part('mem_turns', SEARCHABLE_TURN, order)} UNION ALL {_part('mem_facts', SEARCHABLE_FACT, order)}"
        ") c"
    )
    return sql, [*scores.params(vec), user_id, vec, n, user_id, vec, n]


def lexical_query(
    user_id: str, vec: str, n: int, ranked: LexicalExpression, searched: Sequence[str], scores: Scores
) -> tuple[str, list[object]]:
    """The ``n`` best rows by the approximate BM25 ``ranked`` among those holding a searched term."""
    match = any_of(searched)
    inner = (
        f"SELECT s.*, {ranked.sql('s')} AS score FROM ("
        f"{_part('mem_turns', SEARCHABLE_TURN + ' AND lex @@ ?::tsquery', '')} UNION ALL "
        f"{_part('mem_facts', SEARCHABLE_FACT + ' AND lex @@ ?::tsquery', '')}) s "
        "ORDER BY score DESC, id LIMIT ?"
    )
    sql = f"SELECT c.id, {scores.sql('c')}, c.speaker, c.is_fact FROM ({inner}) c"
    unlimited = 2**62  # each part is bounded by its match; the outer LIMIT keeps n
    return sql, [
        *scores.params(vec),
        *ranked.params(),
        user_id,
        match,
        unlimited,
        user_id,
        match,
        unlimited,
        n,
    ]


def fetch(
    db: Storage,
    user_id: str,
    query_vec: np.ndarray,
    n: int,
    lexical: LexicalExpression,
    searched: Sequence[str],
    expansion: LexicalExpression | None = None,
    expanded: Sequence[str] = (),
) -> list[Candidate]:
    """The candidate lists (dense first; ``searched``: the query terms searched for, ``expanded``: the
    expansion's), sent to the server together (one round trip).  The HNSW settings are set on the
    connection before them (every HNSW search here sets its own)."""
    vec = vector_literal(query_vec)
    scores = Scores(lexical, expansion if expansion is not None else LexicalExpression.none())
    statements: list[tuple[str, Sequence[object]]] = [
        (
            "SELECT set_config('hnsw.ef_search', ?, false), "
            "set_config('hnsw.iterative_scan', 'relaxed_order', false)",
            (str(min(max(n, 40), 1000)),),
        ),
        dense_query(user_id, vec, n, scores),
    ]
    for ranked, terms in ((scores.lexical, searched), (scores.expansion, expanded)):
        if terms:
            statements.append(lexical_query(user_id, vec, n, ranked, terms, scores))
    rows = [row for result in db.query_many(statements)[1:] for row in result]
    return [Candidate(r[0], float(r[1]), float(r[2]), r[4], bool(r[5]), float(r[3])) for r in rows]


def preliminary(
    candidates: Sequence[Candidate], weights: FusionWeights, speakers: Sequence[str], rows: int
) -> list[str]:
    """The ids of the best ``rows`` candidates by ``w_dense * dense + w_lex * lexical + w_exp *
    expansion`` (each lexical score divided by the best of the query, as the full scoring does) plus the
    speaker and fact bonuses."""
    unique = {c.id: c for c in candidates}
    if not unique:
        return []
    best_lex = max(c.lexical for c in unique.values())
    best_exp = max(c.expansion for c in unique.values())

    def score(c: Candidate) -> float:
        lexical = c.lexical / best_lex if best_lex > 0 else 0.0
        expansion = c.expansion / best_exp if best_exp > 0 else 0.0
        return (
            weights.dense * c.cosine
            + weights.lexical * lexical
            + weights.expansion * expansion
            + weights.speaker * (c.speaker in speakers)
            + weights.fact * c.is_fact
        )

    ranked = sorted(unique.values(), key=lambda c: (-score(c), c.id))
    return [c.id for c in ranked[:rows]]


def people_ids(db: Storage, user_id: str, query_vec: np.ndarray, words: Sequence[str], n: int) -> list[str]:
    """The ``n`` turns nearest the query among those holding a word for the people a request names
    ("dad", "father", ...): loaded beside the candidates, so that what the user said about them is
    there to weigh however its words differ from the request's (:mod:`usermind.memory.request_rows`)."""
    if not words:
        return []
    where = f"{SEARCHABLE_TURN} AND lex @@ ?::tsquery"
    sql = f"SELECT id FROM mem_turns WHERE {where} ORDER BY embedding <=> ?::vector LIMIT ?"
    return [r[0] for r in db.query(sql, (user_id, any_of(words), vector_literal(query_vec), n))]


def context_ids(db: Storage, user_id: str, ids: Sequence[str], reach: int) -> list[str]:
    """The turns within ``reach`` turns of the turns ``ids`` in their sessions (those with a vector):
    loaded for a long recall, whose late slots favour the conversation around its best hits
    (:mod:`usermind.memory.context_slots`; the candidates' nearest neighbours are loaded anyway)."""
    if not ids or reach < 2:
        return []
    side = (
        "SELECT p.id FROM c CROSS JOIN LATERAL (SELECT id FROM mem_turns p WHERE p.user_id = ? "
        "AND p.session_id = c.session_id AND p.seq {op} c.seq AND p.embedding IS NOT NULL "
        "ORDER BY p.seq {order} LIMIT ?) p"
    )
    sql = (
        "WITH c AS (SELECT session_id, seq FROM mem_turns WHERE user_id = ? AND id = ANY(?)) "
        f"{side.format(op='<', order='DESC')} UNION {side.format(op='>', order='ASC')}"
    )
    rows = db.query(sql, (user_id, list(ids), user_id, reach, user_id, reach))
    return [r[0] for r in rows]
