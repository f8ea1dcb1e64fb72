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
    """Re-entrant, per thread: torch's thread count (OpenMP's, which is each thread's own) is lowered to
    one for the calling thread and restored when its outermost use ends.  Each thread sets its own: a
    helper thread that ran a parallel kernel with the count another thread lowered would start an
    OpenMP team that spins beside the caller, and a process forked afterwards can hang in it."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def __call__(self, torch) -> Iterator[None]:
        local = self._local
        depth = getattr(local, "depth", 0)
        if depth == 0:
            local.saved = torch.get_num_threads()
            if local.saved != 1:
                torch.set_num_threads(1)
        local.depth = depth + 1
        try:
            yield
        finally:
            local.depth -= 1
            if local.depth == 0 and local.saved != 1:
                torch.set_num_threads(local.saved)


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
