"""Pure fusion functions: every recalled memory's score is a weighted sum of named components.

``score = dense + w_lex * lexical + w_nb * neighbour + w_spk * speaker + w_time * temporal + w_fact * fact``

* ``dense``: cosine similarity of the query and the memory (−1..1, in practice 0..0.8).
* ``lexical``: BM25 divided by the best BM25 of this query (0..1), so it is on the dense scale.
* ``neighbour``: the best ``dense + w_lex * lexical`` of the adjacent turns of the same session — an
  answer turn ("Yes, last Sunday!") borrows relevance from the question turn next to it.
* ``speaker``/``temporal``/``fact``: 0/1 indicators (the query names the speaker, the turn lies in the
  time window the query names, the memory is a distilled fact).
"""

from __future__ import annotations

import numpy as np

from usermind.memory.config import FusionWeights


def normalise_lexical(bm25: np.ndarray) -> np.ndarray:
    top = float(bm25.max()) if bm25.size else 0.0
    return bm25 / top if top > 0 else np.zeros_like(bm25)


def neighbour_support(base: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> np.ndarray:
    """For each row, the larger base score of its previous and next turn (0 where there is none)."""
    padded = np.empty(len(base) + 1, dtype=np.float32)  # index -1 points at the padding 0
    padded[:-1] = base
    padded[-1] = 0.0
    return np.maximum(padded[prev], padded[nxt])


def fuse(
    dense: np.ndarray,
    lexical: np.ndarray,
    prev: np.ndarray,
    nxt: np.ndarray,
    speaker: np.ndarray,
    temporal: np.ndarray,
    is_fact: np.ndarray,
    weights: FusionWeights,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The fused score of every row and its components (arrays aligned with the rows)."""
    base = dense + weights.lexical * lexical
    neighbour = neighbour_support(base, prev, nxt)
    components = {
        "dense": dense,
        "lexical": lexical,
        "neighbour": neighbour,
        "speaker": speaker.astype(np.float32),
        "temporal": temporal.astype(np.float32),
        "fact": is_fact.astype(np.float32),
    }
    total = (
        base
        + weights.neighbour * neighbour
        + weights.speaker * components["speaker"]
        + weights.temporal * components["temporal"]
        + weights.fact * components["fact"]
    )
    return total, components


LARGE = 20_000  # from this many rows top_k finds its cut-off with torch.topk (about 5x numpy's partition)


def _kth_largest(values: np.ndarray, k: int) -> float:
    import torch

    from usermind.llm.threads import one_thread

    with one_thread(torch):
        return float(torch.topk(torch.from_numpy(values), k, sorted=False).values.min())


def top_k(scores: np.ndarray, alive: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best live rows, best first; equal scores in row order."""
    masked = np.where(alive, scores, -np.inf)
    live = int(alive.sum())
    k = min(k, live)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(masked) and len(masked) >= LARGE and not np.isnan(masked).any():
        part = np.flatnonzero(masked >= _kth_largest(masked, k))  # every tie at the cut-off included
    elif k < len(masked):
        part = np.argpartition(-masked, k - 1)[:k]
    else:
        part = np.arange(len(masked))
    order = part[np.lexsort((part, -masked[part]))][:k]
    return order[np.isfinite(masked[order])]
