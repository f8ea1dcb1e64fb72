"""Cosine search over a growing float32 matrix (rows are L2-normalised).

A full scan reads every vector, so at scale it is bound by memory bandwidth (100k x 384 float32 is
150 MB per query).  :meth:`VectorIndex.scores` with ``half=True`` scans a compact copy instead (int8 codes
with a scale per row, or float16: :mod:`usermind.memory.compact_scan`), and :meth:`VectorIndex.exact`
re-scores the rows that matter in float32."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from usermind.memory.compact_scan import CompactRows

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
        self._compact: CompactRows | None = None  # made on the first approximate scan
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
            self._compact = None  # rebuilt on the next approximate scan
        self._matrix[self._size : needed] = vectors
        if self._compact is not None:
            self._compact.put(self._size, vectors)
        self._size = needed

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: self._size]

    def scores(self, query: np.ndarray, *, half: bool = False) -> np.ndarray:
        """Cosine similarity of ``query`` to every row (float32); ``half``: approximate, from the compact
        copy (from :data:`SPLIT_FROM` rows scanned in two halves on two threads)."""
        if not self._size:
            return np.zeros(0, dtype=np.float32)
        query = np.asarray(query, dtype=np.float32)
        if half:
            if self._compact is None:
                self._compact = CompactRows(len(self._matrix), self.dim)
                self._compact.put(0, self.matrix)
            return self._compact.scores(query, self._size, SPLIT_FROM)
        return self.matrix @ query

    def exact(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Float32 cosine of ``query`` to ``rows`` only."""
        return self._matrix[rows] @ np.asarray(query, dtype=np.float32)


SPLIT_FROM = 50_000  # from this many rows an approximate scan is shared between two threads

_pool: ThreadPoolExecutor | None = None


def _scan_pool() -> ThreadPoolExecutor:
    """The one helper thread that large memory-bound scans share (vectors here, word vectors in
    :mod:`usermind.memory.vocabulary`); recreated in a forked child."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="usermind-scan")
    return _pool


def _forget_pool() -> None:
    """In a forked child the parent's helper thread does not exist: start a new pool there."""
    global _pool
    _pool = None


os.register_at_fork(after_in_child=_forget_pool)


def in_halves(scan, rows, split_from: int) -> np.ndarray:
    """``scan(rows)`` (one result per row; ``rows`` anything sliceable, a ``range`` of row numbers too),
    from ``split_from`` rows with one half on the :func:`_scan_pool` helper thread while the caller
    scans the other.  The scan is bound by memory bandwidth, which one core does not saturate."""
    if len(rows) < split_from:
        return scan(rows)
    mid = len(rows) // 2
    head = _scan_pool().submit(scan, rows[:mid])
    tail = scan(rows[mid:])
    return np.concatenate([head.result(), tail])
