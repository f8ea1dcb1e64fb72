"""Keep freed heap memory for reuse (glibc), so a query's score arrays are not page-faulted afresh.

A recall at scale makes a dozen temporary arrays the size of the index (100k rows: 400-800 KB each).
glibc hands allocations that large out as fresh ``mmap``s, or trims the heap top as soon as they are
freed, so every query faults its arrays in again page by page: at 100k memories 1,335 minor faults and
~4 ms of kernel time per query on the 2-core dev machine (``recall_verify_page_faults`` in
``usermind bench``'s ``bench.json``).  Raising the
mmap and trim thresholds lets those arrays come from, and go back to, the heap: 0.1 faults per query.
The cost is that up to ``keep_mb`` of freed memory stays with the process instead of going back to the
operating system.  Process-wide and applied once; a no-op where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
_MMAP_MAX_MB = 32  # glibc caps the mmap threshold at 32 MB on 64-bit (HEAP_MAX_SIZE / 2)

_lock = threading.Lock()
_applied: int | None = None


def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.gnu_get_libc_version.restype = ctypes.c_char_p
        libc.gnu_get_libc_version()
    except (OSError, AttributeError):
        return None  # musl, macOS, Windows: nothing to tune
    return libc


def keep_freed_heap(keep_mb: int | None) -> bool:
    """Let allocations up to 32 MB come from the heap and keep up to ``keep_mb`` MB of freed memory on
    it (``None`` or 0: leave the C library's defaults).  True when the setting is in force."""
    global _applied
    if not keep_mb:
        return False
    with _lock:
        if _applied is not None:
            return _applied >= keep_mb
        libc = _glibc()
        if libc is None:
            _applied = 0
            return False
        ok = libc.mallopt(M_MMAP_THRESHOLD, min(keep_mb, _MMAP_MAX_MB) << 20) == 1
        ok = libc.mallopt(M_TRIM_THRESHOLD, keep_mb << 20) == 1 and ok
        _applied = keep_mb if ok else 0
        if not ok:
            log.warning("could not raise glibc's heap thresholds; recall at scale page-faults more")
        return ok
