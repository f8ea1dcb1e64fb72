"""Exact cosine search over a growing float32 matrix (rows are L2-normalised)."""

from __future__ import annotations

import numpy as np

_blas_limited = False


def limit_blas_threads(threads: int | None) -> None:
    """Cap numpy's BLAS pool (process-wide, once).  A multi-threaded OpenBLAS keeps its threads
    spinning after each large matrix-vector product, and on a small machine they starve the query
    embedding that follows: at 100k memories on 2 cores this halves recall+verify p95."""
    global _blas_limited
    if threads is None or _blas_limited:
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
    _blas_limited = True


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes, dim: int | None = None) -> np.ndarray:
    vector = np.frombuffer(blob, dtype=np.float32)
    if dim is not None and vector.shape[0] != dim:
        raise ValueError(f"stored vector has {vector.shape[0]} dims, expected {dim}")
    return vector


class VectorIndex:
    """Append-only matrix with amortised doubling; ``scores`` is one matrix-vector product."""

    def __init__(self, dim: int, capacity: int = 1024):
        self.dim = dim
        self._matrix = np.zeros((capacity, dim), dtype=np.float32)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        needed = self._size + len(vectors)
        if needed > len(self._matrix):
            grown = np.zeros((max(needed, 2 * len(self._matrix)), self.dim), dtype=np.float32)
            grown[: self._size] = self._matrix[: self._size]
            self._matrix = grown
        self._matrix[self._size : needed] = vectors
        self._size = needed

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: self._size]

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of ``query`` to every row."""
        if not self._size:
            return np.zeros(0, dtype=np.float32)
        return self.matrix @ np.asarray(query, dtype=np.float32)
