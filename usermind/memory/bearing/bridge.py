"""Bearing bridged by examples (pure numpy).

A sentence embedding rates "I'm a really light sleeper." and "Can you recommend a hotel near Times
Square?" as barely related.  Example pairs of a request and a preference that bears on it carry that
common sense: the example requests most like the user's request point to the preferences that mattered
for them, and each of the user's stated preferences is scored by how like those it is.
"""

from __future__ import annotations

import numpy as np


def bridged(
    query: np.ndarray,
    vectors: np.ndarray,
    requests: np.ndarray,
    preferences: np.ndarray,
    neighbours: int,
    temperature: float,
) -> np.ndarray:
    """For each row of ``vectors``: its cosine to the preferences of the ``neighbours`` example
    requests most like ``query`` (averaged with softmax weights, ``temperature``, of those likenesses),
    less its mean cosine to all the example preferences: what is left is how much more it resembles
    the preferences that bore on such requests than a stated preference in general does, so a
    statement that bears on nothing in particular gains nothing."""
    if not len(vectors) or not len(requests):
        return np.zeros(len(vectors), dtype=np.float32)
    likeness = requests @ query
    top = np.argpartition(-likeness, min(neighbours, len(likeness)) - 1)[:neighbours]
    weights = np.exp((likeness[top] - likeness[top].max()) / temperature)
    weights /= weights.sum()
    near = (vectors @ preferences[top].T) @ weights
    return (near - vectors @ preferences.mean(axis=0)).astype(np.float32)
