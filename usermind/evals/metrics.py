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
