"""How much a stated memory bears on requests in general: its hubness (pure numpy).

Some statements rank high for almost any request ("My 70-pound golden retriever comes with me on every
trip this year." for "Anniversary dinner in Chicago on Saturday, any picks?"): their bearing is high
because they touch many everyday areas, not because they touch this one.  A statement's hubness is the
mean of its bearing on the example requests it bears on most (the ``top`` of the 900, scored with the
very formula a user's request is scored with); a request's bearing on it is taken less that, so a
statement stands out only where it bears more than it usually does (the correction of cross-domain
similarity local scaling, CSLS, with the example requests as the reference).
"""

from __future__ import annotations

import threading
from typing import NamedTuple

import numpy as np

from usermind.memory.bearing.basis import BearingBasis
from usermind.memory.bearing.bridge import images
from usermind.memory.domains import profiles


class BearingShape(NamedTuple):
    """The settings a bearing is computed with (see ``VerifyConfig``)."""

    domain_weight: float
    domain_temperature: float
    example_weight: float
    neighbours: int
    temperature: float


class Reference(NamedTuple):
    """The example requests as a request's bearing sees them: their vectors plus the weighted forward
    images (one matrix, so a statement meets both in one product), and their life-domain profiles;
    ``typical``: the mean hubness of the example preferences (a statement as much a hub as they are
    keeps its bearing: see :func:`standing`)."""

    matrix: np.ndarray
    domains: np.ndarray
    typical: float


_made: tuple[BearingBasis, BearingShape, int, Reference] | None = None
_lock = threading.Lock()


def reference(basis: BearingBasis, shape: BearingShape, top: int) -> Reference:
    """The example requests of ``basis`` as references (each one's image includes its own pair); made
    once for a basis, its shape and ``top``."""
    global _made
    with _lock:
        if _made is not None and _made[0] is basis and _made[1:3] == (shape, top):
            return _made[3]
        n, t = shape.neighbours, shape.temperature
        forward = images(basis.requests, basis.requests, basis.preferences, n, t)
        matrix = (basis.requests + shape.example_weight * forward).astype(np.float32)
        ref = Reference(matrix, profiles(basis.requests, basis.domains, shape.domain_temperature), 0.0)
        own_images = images(basis.preferences, basis.preferences, basis.requests, n, t)
        typical = float(hubness(basis.preferences, own_images, basis, ref, shape, top).mean())
        _made = (basis, shape, top, ref._replace(typical=typical))
        return _made[3]


def hubness(
    vectors: np.ndarray,
    request_images: np.ndarray,
    basis: BearingBasis,
    ref: Reference,
    shape: BearingShape,
    top: int,
) -> np.ndarray:
    """For each row of ``vectors`` (stated memories; ``request_images``: theirs, row for row): the mean
    of its ``top`` highest bearings on the example requests."""
    if not len(vectors) or not len(ref.matrix):
        return np.zeros(len(vectors), dtype=np.float32)
    scores = vectors @ ref.matrix.T + shape.example_weight * (request_images @ basis.requests.T)
    if shape.domain_weight > 0:
        own = profiles(vectors, basis.domains, shape.domain_temperature)
        scores += shape.domain_weight * (own @ ref.domains.T)
    k = min(top, scores.shape[1])
    best = np.partition(scores, scores.shape[1] - k, axis=1)[:, -k:]
    return best.mean(axis=1).astype(np.float32)


def standing(hubs: np.ndarray, ref: Reference, weight: float) -> np.ndarray:
    """What a request's bearing on statements of hubness ``hubs`` is taken less: ``weight`` × how much
    more of a hub each is than the example preferences typically are (negative: less of one)."""
    return (weight * (hubs - ref.typical)).astype(np.float32)
