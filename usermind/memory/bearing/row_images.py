"""Each stated memory's request image (:func:`usermind.memory.bearing.bridge.images` over the example
pairs, preference to request), kept per index: it depends on the row's vector and the examples only, so
a row is imaged once, the first time a request weighs it, not on every request."""

from __future__ import annotations

import numpy as np

from usermind.memory.bearing.basis import BearingBasis
from usermind.memory.bearing.bridge import images

LIMIT = 16_384  # rows kept (1.5 KB each at 384 dimensions); past it the cache starts over


class RowImages:
    """Request images by row number of one index (whose rows never change their vector)."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._basis: BearingBasis | None = None
        self._params: tuple[int, float] | None = None
        self._rows: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def of(
        self, rows: np.ndarray, vectors: np.ndarray, basis: BearingBasis, neighbours: int, temperature: float
    ) -> np.ndarray:
        """The request images of ``rows`` (``vectors``: their vectors, row for row)."""
        params = (neighbours, temperature)
        if basis is not self._basis or params != self._params or len(self._rows) + len(rows) > self.limit:
            self._basis, self._params, self._rows = basis, params, {}
        missing = [i for i, r in enumerate(rows.tolist()) if r not in self._rows]
        if missing:
            made = images(vectors[missing], basis.preferences, basis.requests, neighbours, temperature)
            for i, image in zip(missing, made, strict=True):
                self._rows[int(rows[i])] = image
        if not len(rows):
            return np.zeros((0, vectors.shape[1]), dtype=np.float32)
        return np.stack([self._rows[r] for r in rows.tolist()])
