"""What a stated memory's bearing needs of it alone, kept per index and row: it depends on the row's
vector, the examples and the settings only, so a row is worked out once, the first time a request
weighs it, not on every request.  Two such values: its request image (:func:`usermind.memory.bearing.
bridge.images` over the example pairs, preference to request) and its hubness (:mod:`.hubs`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np

from usermind.memory.bearing.basis import BearingBasis

LIMIT = 16_384  # rows kept (1.5 KB each at 384 dimensions); past it the cache starts over


class RowValues:
    """Values by row number of one index (whose rows never change their vector), for one basis and
    one set of settings: another basis or other settings start the cache over."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._basis: BearingBasis | None = None
        self._params: Hashable = None
        self._rows: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def of(
        self,
        rows: np.ndarray,
        basis: BearingBasis,
        params: Hashable,
        compute: Callable[[np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """The values of ``rows``; ``compute(positions)`` gives those of ``rows[positions]`` not kept yet
        (one value per position, in order)."""
        if basis is not self._basis or params != self._params or len(self._rows) + len(rows) > self.limit:
            self._basis, self._params, self._rows = basis, params, {}
        missing = np.array([i for i, r in enumerate(rows.tolist()) if r not in self._rows], dtype=np.int64)
        if len(missing):
            for i, value in zip(missing.tolist(), compute(missing), strict=True):
                self._rows[int(rows[i])] = value
        return np.array([self._rows[r] for r in rows.tolist()])
