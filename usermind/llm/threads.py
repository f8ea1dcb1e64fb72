"""Intra-op threads for small encodes: a query embedding runs on one torch thread.

On a small, busy machine torch's OpenMP pool (one thread per core) costs far more than it saves for
one short sentence: the workers spin between the encoder's ~40 small matrix products and contend with
everything else on the cores.  Measured on the shared 2-core machine (load average 6-10): MiniLM on one
query took 110 ms of process CPU (p50) with two threads and 13 ms with one, and the spinning also
slowed the vector search that follows it (recall+verify p95 at 100k memories: 1.6 s -> 0.19 s).
Batches (ingest) keep torch's own setting, where the work per product is large enough to share.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

SMALL_BATCH = 4  # encodes of at most this many texts run on one thread


class _OneThread:
    """Re-entrant and shared across threads: the first caller lowers torch's thread count to one, the
    last to leave restores it (a batch encoded meanwhile by another thread also runs on one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._saved = 0

    @contextmanager
    def __call__(self, torch) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._saved = torch.get_num_threads()
                if self._saved != 1:
                    torch.set_num_threads(1)
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._saved != 1:
                    torch.set_num_threads(self._saved)


one_thread = _OneThread()


@contextmanager
def threads_for(n_texts: int) -> Iterator[None]:
    """One torch thread while encoding ``n_texts`` texts if that is a small batch; else unchanged."""
    if n_texts > SMALL_BATCH:
        yield
        return
    import torch

    with one_thread(torch):
        yield
