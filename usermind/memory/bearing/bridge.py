"""Bearing bridged by examples (pure numpy).

A sentence embedding rates "I'm a really light sleeper." and "Can you recommend a hotel near Times
Square?" as barely related.  Example pairs of a request and a preference that bears on it carry that
common sense, in both directions: the example requests most like the user's request point to the
preferences that mattered for them (each stated preference is scored by how like those it is), and the
example preferences most like a stated preference point to the requests it mattered for (the request is
scored by how like those it is).
"""

from __future__ import annotations

import numpy as np


def images(
    points: np.ndarray, keys: np.ndarray, values: np.ndarray, neighbours: int, temperature: float
) -> np.ndarray:
    """For each row of ``points``: the ``values`` of the ``neighbours`` ``keys`` most like it, averaged
    with softmax weights (``temperature``) of those likenesses, less the mean of all ``values``.  A
    point whose neighbours' values are as alike to a vector as the values in general are scores nothing
    against it."""
    if not len(points) or not len(keys):
        return np.zeros((len(points), points.shape[1]), dtype=np.float32)
    k = min(neighbours, len(keys))
    likeness = points @ keys.T
    top = np.argpartition(-likeness, k - 1, axis=1)[:, :k]
    near = np.take_along_axis(likeness, top, axis=1)
    weights = np.exp((near - near.max(axis=1, keepdims=True)) / temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    mixed = np.einsum("nk,nkd->nd", weights, values[top])
    return (mixed - values.mean(axis=0)).astype(np.float32)


def bridged(
    query: np.ndarray,
    vectors: np.ndarray,
    requests: np.ndarray,
    preferences: np.ndarray,
    neighbours: int,
    temperature: float,
    request_images: np.ndarray | None = None,
) -> np.ndarray:
    """For each row of ``vectors`` (stated preferences), how much the examples bridge it to ``query``
    (a request), the sum of two centred likenesses:

    - forward: its likeness to the preferences of the ``neighbours`` example requests most like the
      query (:func:`images` of the query);
    - backward: the query's likeness to the requests of the example preferences most like it
      (``request_images``: its :func:`images` over the examples the other way round, computed here
      when not given).

    Each is centred by the mean over all examples, so a statement that bears on nothing in particular
    gains nothing."""
    if not len(vectors) or not len(requests):
        return np.zeros(len(vectors), dtype=np.float32)
    forward = vectors @ images(query[None, :], requests, preferences, neighbours, temperature)[0]
    if request_images is None:
        request_images = images(vectors, preferences, requests, neighbours, temperature)
    return (forward + request_images @ query).astype(np.float32)


def like_examples(query: np.ndarray, requests: np.ndarray) -> float:
    """How much ``query`` (a request) is like the example requests: its best cosine to one of them (1.0
    without examples).  The examples are requests a stated preference bears on; a how-to or a writing
    task ("How do I convert 30 degrees Celsius to Fahrenheit?") is like none of them."""
    return float((requests @ query).max()) if len(requests) else 1.0
