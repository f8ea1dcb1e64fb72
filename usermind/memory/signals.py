"""What the rule verifier is told about each recalled memory, read from the index it was ranked on:
its cosine to the query, word overlap, its session neighbours' cosine, and for a request whether it is
the user's own statement and how much it bears on the request."""

from __future__ import annotations

import numpy as np

from usermind.memory.bearing import BearingBasis
from usermind.memory.config import MemoryConfig
from usermind.memory.models import Memory
from usermind.memory.query import QueryInfo
from usermind.memory.recall import bearing
from usermind.memory.request_rows import counts, weighed
from usermind.memory.user_index import UserIndex
from usermind.memory.verify import Signals, overlap


def memory_signals(
    index: UserIndex, query_vec: np.ndarray, info: QueryInfo, terms: list[str], memory: Memory
) -> Signals:
    row = index.by_id.get(memory.id)
    named = memory.speaker is not None and memory.speaker in info.speakers
    if row is None:
        dense = memory.components.get("dense", 0.0)
        return Signals(
            dense=dense,
            overlap=overlap(terms, memory.text, index.lexical.idf),
            neighbour=0.0,
            named_speaker=named,
        )
    dense = float(index.vectors.matrix[row] @ query_vec)
    neighbours = [index.rows[row].prev, index.rows[row].next]
    near = max((float(index.vectors.matrix[n] @ query_vec) for n in neighbours if n >= 0), default=0.0)
    return Signals(
        dense=dense,
        overlap=overlap(terms, index.rows[row].text, index.lexical.idf),
        neighbour=near,
        named_speaker=named,
    )


def with_bearing(
    index: UserIndex,
    query_vec: np.ndarray,
    memories: list[Memory],
    signals: list[Signals],
    basis: BearingBasis,
    config: MemoryConfig,
    info: QueryInfo,
) -> tuple[QueryInfo, list[Signals]]:
    """Adds whether each memory is the user's own statement (for a request for people the user knows:
    something the user said about them) and how much it bears on the request; with the request as it
    was weighed (its people resolved, read as the user's own where nothing was said about them)."""
    rows = [index.by_id.get(m.id) for m in memories]
    known = np.array([r for r in rows if r is not None], dtype=np.int64)
    scores = iter(bearing(index, known, query_vec, basis, config) if len(known) else [])
    info, counted = weighed(index, info, query_vec, basis, config)
    return info, [
        s.model_copy(
            update={"bearing": float(next(scores)), "stated": bool(counted[r]) and counts(index, r, info)}
        )
        if r is not None
        else s
        for r, s in zip(rows, signals, strict=True)
    ]
