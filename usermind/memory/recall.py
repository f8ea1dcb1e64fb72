"""Hybrid recall over one user's index: dense + BM25 + neighbour context + speaker + temporal window."""

from __future__ import annotations

import numpy as np

from usermind.memory.config import MemoryConfig
from usermind.memory.models import Memory
from usermind.memory.query import QueryInfo
from usermind.memory.scoring import fuse, normalise_lexical, top_k
from usermind.memory.temporal import query_window, resolve_expressions
from usermind.memory.text import content_terms
from usermind.memory.user_index import UserIndex


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


def search(
    index: UserIndex, query_vec: np.ndarray, info: QueryInfo, *, k: int, now: float, config: MemoryConfig
) -> list[Memory]:
    """The ``k`` best memories, each with its fused score, components and provenance."""
    if not len(index):
        return []
    dense = index.vectors.scores(query_vec)
    lexical = normalise_lexical(index.lexical.scores(info.text, content_terms(info.text)))
    window = query_window(info.text, now)
    total, parts = fuse(
        dense,
        lexical,
        index.array("prev"),
        index.array("next"),
        _speaker_mask(index, info.speakers),
        _temporal_mask(index, window),
        index.array("is_fact"),
        config.weights,
    )
    alive = index.array("alive")
    if not config.recall_facts:
        alive = alive & ~index.array("is_fact")
    out: list[Memory] = []
    for row_no in top_k(total, alive, k):
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
