"""Hybrid recall over one user's index: dense + BM25 + neighbour context + speaker + temporal window."""

from __future__ import annotations

import time

import numpy as np

from usermind.memory.bearing import BearingBasis, bridged
from usermind.memory.bearing.bridge import images
from usermind.memory.bearing.hubs import BearingShape, hubness, reference, standing
from usermind.memory.config import MemoryConfig
from usermind.memory.context_slots import context_slots, with_context
from usermind.memory.domains import agreement
from usermind.memory.expand import feedback_terms, session_support, with_feedback
from usermind.memory.models import Memory
from usermind.memory.query import QueryInfo
from usermind.memory.recall_filter import NO_FILTER, RecallFilter
from usermind.memory.request_rows import counts, weighed
from usermind.memory.scoring import base_score, fuse, normalise_lexical, top_k
from usermind.memory.temporal import query_window, resolve_expressions
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex
from usermind.memory.verify_prefs import statement_key
from usermind.memory.vocabulary import related_terms, vocabulary_words
from usermind.text import stem


def _speaker_mask(index: UserIndex, speakers: list[str]) -> np.ndarray:
    if not speakers:
        return np.zeros(len(index), dtype=bool)
    codes = [index.speaker_codes[s] for s in speakers if s in index.speaker_codes]
    return np.isin(index.array("speaker"), codes)


def _temporal_mask(index: UserIndex, window: tuple[float, float] | None) -> np.ndarray:
    if window is None:
        return np.zeros(len(index), dtype=bool)
    ts = index.array("ts")  # NaN where the time is unknown: outside every window
    return np.isfinite(ts) & (ts >= window[0]) & (ts <= window[1])


def memory_text(index: UserIndex, row_no: int) -> str:
    """The text shown for a memory: a turn carries its resolved relative dates."""
    row = index.rows[row_no]
    if row.kind != "turn":
        return row.text
    notes = resolve_expressions(row.text, row.ts) if row.ts is not None else []
    return f"{row.text} ({'; '.join(notes)})" if notes else row.text


def bearing(
    index: UserIndex, rows: np.ndarray, query_vec: np.ndarray, basis: BearingBasis, config: MemoryConfig
) -> np.ndarray:
    """How much each of ``rows`` bears on a request: cosine, plus agreement of life domains, plus how
    the example pairs bridge it to the request, both ways (:func:`bridged`), less how much more of a
    hub the row is than statements typically are (:mod:`usermind.memory.bearing.hubs`).  Each row's
    request image and hubness are kept in ``index.request_images`` and ``index.hubs``."""
    vectors = index.vectors.matrix[rows]
    cfg = config.verify
    score = vectors @ query_vec + cfg.domain_weight * agreement(
        query_vec, vectors, basis.domains, cfg.domain_temperature
    )
    if cfg.example_weight <= 0:
        return score
    shape = BearingShape(
        cfg.domain_weight,
        cfg.domain_temperature,
        cfg.example_weight,
        cfg.example_neighbours,
        cfg.example_temperature,
    )
    knn = (shape.neighbours, shape.temperature)
    row_images = index.request_images.of(
        rows, basis, knn, lambda at: images(vectors[at], basis.preferences, basis.requests, *knn)
    )
    score = score + cfg.example_weight * bridged(
        query_vec, vectors, basis.requests, basis.preferences, *knn, request_images=row_images
    )
    if cfg.hub_weight <= 0:
        return score
    ref = reference(basis, shape, cfg.hub_top)
    hubs = index.hubs.of(
        rows,
        basis,
        (shape, cfg.hub_top),
        lambda at: hubness(vectors[at], row_images[at], basis, ref, shape, cfg.hub_top),
    )
    return score - standing(hubs, ref, cfg.hub_weight)


def preference_rows(
    index: UserIndex,
    query_vec: np.ndarray,
    dense: np.ndarray,
    basis: BearingBasis,
    config: MemoryConfig,
    info: QueryInfo,
    allowed: np.ndarray | None = None,
) -> list[int]:
    """The memories that bear most on a request, best first: of the rows :func:`bearing_mask` picks
    (and ``allowed`` lets through), the densest few hundred that :func:`counts` for the request,
    re-ranked by :func:`bearing`, the best row of each statement (``preference_pool`` statements)."""
    info, mask = weighed(index, info, query_vec, basis, config)
    if allowed is not None:
        mask = mask & allowed
    rows = np.flatnonzero(mask)
    if not len(rows) or config.preference_pool <= 0:
        return []
    if len(rows) > 256:
        rows = rows[np.argpartition(-dense[rows], 255)[:256]]
    rows = np.array([r for r in rows if counts(index, int(r), info)], dtype=np.int64)
    if not len(rows):
        return []
    scores = bearing(index, rows, query_vec, basis, config)
    best: dict[str, int] = {}  # a statement's best row: a turn and the facts distilled from it are one
    for r in rows[np.argsort(-scores, kind="stable")].tolist():
        best.setdefault(statement_key(index.rows[r]), r)
        if len(best) >= config.preference_pool:
            break
    return list(best.values())


def expansion_terms(
    index: UserIndex, info: QueryInfo, words: dict[str, np.ndarray], config: MemoryConfig
) -> list[str]:
    """The stems of the user's own words most like the query's words (see :mod:`usermind.memory.vocabulary`;
    ``words``: vectors of query words the vocabulary lacks).  None for a request, whose stated constraints
    are found by their bearing (the preference pool), nor where the index has no vocabulary (Postgres, whose
    expansion is found in the database: :mod:`usermind.memory.pg_words`)."""
    asked = vocabulary_words(info.dense_text)
    if config.weights.expansion <= 0 or info.wants_preferences or not len(index.vocabulary) or not asked:
        return []
    held = index.vocabulary.vectors_of(asked) | {w: v for w, v in words.items() if w in asked}
    asked = [w for w in asked if w in held]
    if not asked:
        return []
    likeness = index.vocabulary.likeness(np.stack([held[w] for w in asked]), config.expansion_generic)
    limit = max(config.expansion_max_share * len(index), 1.0)  # a word of one memory is always rare
    return related_terms(
        index.vocabulary,
        likeness,
        {stem(w) for w in asked},
        lambda term: index.lexical.doc_freq(term) <= limit,
        config.expansion_terms,
        config.expansion_floor,
    )


def _fused(
    index: UserIndex,
    dense: np.ndarray,
    info: QueryInfo,
    now: float,
    config: MemoryConfig,
    expansion: list[str] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Fused scores and components: dense + lexical (with its feedback hop) + neighbour + indicators,
    then the session each turn belongs to, less the share of a turn that asks a question, plus how much
    a memory says (questions, not requests)."""
    weights = config.weights
    terms = content_terms(info.text)
    lexical = normalise_lexical(index.lexical.scores(info.text, terms))
    rest = (
        index.array("prev"),
        index.array("next"),
        _speaker_mask(index, info.speakers),
        _temporal_mask(index, query_window(info.text, now)),
        index.array("is_fact"),
        weights,
    )
    total, parts = fuse(dense, lexical, *rest)
    if config.feedback_docs and weights.feedback > 0:
        first = top_k(total, index.array("alive"), config.feedback_docs)
        hits = [content_terms(index.rows[int(r)].text) for r in first]
        index.lexical.prepare(sorted({t for h in hits for t in h}))
        extra = feedback_terms(hits, terms, index.lexical.idf, config.feedback_terms)
        if extra:
            lexical = with_feedback(lexical, index.lexical.scores("", extra), weights.feedback)
            total, parts = fuse(dense, lexical, *rest)
    if expansion and weights.expansion > 0:
        parts["expansion"] = normalise_lexical(index.lexical.scores("", expansion))
        total = total + weights.expansion * parts["expansion"]
    if weights.session > 0:
        parts["session"] = session_support(base_score(dense, lexical, weights), index.session_groups())
        total = total + weights.session * parts["session"]
    # A turn that asks echoes the question's words but holds no answer (its reply, which borrows from
    # it, does): it seeds the feedback hop above, then steps back in the ranking.
    parts["question"] = index.array("question")
    total = total - weights.question * parts["question"]
    # A turn that says more more often holds an answer; not for a request, whose stated constraints are
    # short by nature ("I'm on warfarin.").
    if weights.informative > 0 and not info.wants_preferences:
        parts["informative"] = index.array("informative")
        total = total + weights.informative * parts["informative"]
    return total, parts


RESCORE = 4  # a half-precision scan re-scores this many times k of the best rows in float32


def exact_rescore(
    index: UserIndex,
    query_vec: np.ndarray,
    dense: np.ndarray,
    total: np.ndarray,
    rows: np.ndarray,
    weight: float = 1.0,
) -> np.ndarray:
    """``rows`` re-ranked after replacing their own approximate dense score (in ``dense`` and, times
    the dense ``weight``, in ``total``, both updated in place) with the float32 one; best first."""
    if not len(rows):
        return rows
    fix = index.vectors.exact(rows, query_vec) - dense[rows]
    dense[rows] += fix
    total[rows] += weight * fix
    return rows[np.argsort(-total[rows], kind="stable")]


def with_pool(ranked: list[int], pool: list[int], k: int) -> list[int]:
    """``ranked`` (best first) holding every row of ``pool`` within ``k``: the pool's rows the ranking
    has not got take the last slots, in place of its lowest rows that are not the pool's; the others
    keep their ranks."""
    missing = [r for r in pool if r not in ranked]
    kept, held = list(ranked[:k]), set(pool)
    for i in range(len(kept) - 1, -1, -1):
        if len(kept) + len(missing) <= k:
            break
        if kept[i] not in held:
            del kept[i]
    return kept + missing


def search(
    index: UserIndex,
    query_vec: np.ndarray,
    info: QueryInfo,
    *,
    k: int,
    now: float | None,
    config: MemoryConfig,
    basis: BearingBasis | None = None,
    words: dict[str, np.ndarray] | None = None,
    expansion: list[str] | None = None,
    where: RecallFilter = NO_FILTER,
) -> list[Memory]:
    """The ``k`` best memories, each with its fused score, components and provenance.  For a request
    (with ``basis``), up to half of the slots, the last ones, go to the stated preferences that bear
    on it most (for a request for someone the user knows: what the user said about them).  ``words``
    (vectors of query words the user's vocabulary lacks) turns word expansion on
    (:func:`expansion_terms`); ``expansion``: the expansion's stems found already (Postgres, where the
    index holds a few rows: :mod:`usermind.memory.pg_words`); ``now`` None: the present; ``where``: which
    memories may fill a slot at all (:mod:`usermind.memory.recall_filter`)."""
    if not len(index):
        return []
    now = now or time.time()
    expansion = expansion_terms(index, info, words, config) if words is not None else expansion
    half = config.half_precision_from is not None and len(index) >= config.half_precision_from
    dense = index.vectors.scores(query_vec, half=half)
    total, parts = _fused(index, dense, info, now, config, expansion)
    alive = index.array("alive")
    if not config.recall_facts:
        alive = alive & ~index.array("is_fact")
    allowed = where.allowed(index)
    if allowed is not None:
        alive = alive & allowed
    if half:
        candidates = top_k(total, alive, RESCORE * k)
        best = exact_rescore(index, query_vec, dense, total, candidates, config.weights.dense)
        chosen = [int(r) for r in best[:k]]
    else:
        chosen = [int(r) for r in top_k(total, alive, k)]
    slots = context_slots(config, k)
    if slots is not None:
        links = (index.array("prev"), index.array("next"))
        chosen, parts["context"] = with_context(chosen, total, alive, *links, k, slots)
        total = total + parts["context"]
    if info.wants_bearing and basis is not None:
        pool = preference_rows(index, query_vec, dense, basis, config, info, alive)[: k // 2]
        chosen = with_pool(chosen, pool, k)
    out: list[Memory] = []
    for row_no in chosen:
        row = index.rows[row_no]
        out.append(
            Memory(
                id=row.id,
                kind=row.kind,
                text=memory_text(index, int(row_no)),
                score=float(total[row_no]),
                components={name: round(float(values[row_no]), 4) for name, values in parts.items()},
                ts=row.ts,
                source_ids=list(row.source_ids),
                session_id=row.session_id,
                speaker=row.speaker,
            )
        )
    return out
