"""Pure fusion functions: every recalled memory's score is a weighted sum of named components.

``score = w_dense * dense + w_lex * lexical + w_nb * neighbour``
``+ w_spk * speaker + w_time * temporal + w_fact * fact``

* ``dense``: cosine similarity of the query and the memory (−1..1, in practice 0..0.8).
* ``lexical``: BM25 divided by the best BM25 of this query (0..1), so it is on the dense scale.
* ``neighbour``: the best ``w_dense * dense + w_lex * lexical`` of the adjacent turns of the same session — an
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


def base_score(dense: np.ndarray, lexical: np.ndarray, weights: FusionWeights) -> np.ndarray:
    """``w_dense * dense + w_lex * lexical``: what a turn's neighbours and its session lend it."""
    return weights.dense * dense + weights.lexical * lexical


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
    """The fused score of every row and its components (arrays aligned with the rows; the indicators
    as given, 0/1 or boolean).  An indicator that is zero on every row is not added: adding 0.0 changes no
    float, and at 100k rows each term is a pass over the scores."""
    base = base_score(dense, lexical, weights)
    neighbour = neighbour_support(base, prev, nxt)
    components = {
        "dense": dense,
        "lexical": lexical,
        "neighbour": neighbour,
        "speaker": speaker,
        "temporal": temporal,
        "fact": is_fact,
    }
    total = base + weights.neighbour * neighbour
    indicators = (("speaker", weights.speaker), ("temporal", weights.temporal), ("fact", weights.fact))
    for name, weight in indicators:
        indicator = components[name]
        if indicator.any():
            total = total + weight * indicator.astype(np.float32)
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
    k = min(k, int(np.count_nonzero(alive)))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = None
    if k < len(masked) and len(masked) >= LARGE:
        kth = _kth_largest(masked, k)  # NaN (torch ranks it first) if a score is NaN: partition below
        if not np.isnan(kth):
            part = np.flatnonzero(masked >= kth)  # every tie at the cut-off included
    if part is None:
        part = np.argpartition(-masked, k - 1)[:k] if k < len(masked) else np.arange(len(masked))
    order = part[np.lexsort((part, -masked[part]))][:k]
    return order[np.isfinite(masked[order])]
