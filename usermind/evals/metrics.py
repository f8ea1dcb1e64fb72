"""Pure metric helpers shared by the benchmark harnesses."""

from __future__ import annotations

import numpy as np


def evidence_recall(retrieved_sources: list[list[str]], evidence: list[str], k: int) -> float:
    """Share of ``evidence`` ids found among the source ids of the top-``k`` retrieved memories."""
    if not evidence:
        return 0.0
    found = {s for sources in retrieved_sources[:k] for s in sources}
    return sum(e in found for e in set(evidence)) / len(set(evidence))


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else 0.0


def ranked_unique(ids_per_item: list[list[str]]) -> list[str]:
    """Ids in the order they first appear across ranked items (a memory's sources, in rank order)."""
    return list(dict.fromkeys(i for ids in ids_per_item for i in ids))


def recall_any(ranked: list[str], gold: list[str], k: int) -> float:
    """1.0 when any gold id is among the top ``k`` ranked ids."""
    return float(bool(set(ranked[:k]) & set(gold)))


def recall_all(ranked: list[str], gold: list[str], k: int) -> float:
    """1.0 when every gold id is among the top ``k`` ranked ids."""
    return float(bool(gold) and set(gold) <= set(ranked[:k]))


def ndcg(ranked: list[str], gold: list[str], k: int) -> float:
    """NDCG@k with binary relevance."""
    relevant = set(gold)
    dcg = sum(1.0 / np.log2(rank + 2) for rank, i in enumerate(ranked[:k]) if i in relevant)
    ideal = sum(1.0 / np.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return float(dcg / ideal) if ideal else 0.0
