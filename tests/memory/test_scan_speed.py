"""The large-index paths of recall: compact (int8 or float16) dense scan with float32 re-score, torch
top-k cut-off, one torch thread for small encodes.  Each is checked against the plain float32 / numpy
result."""

import numpy as np
import pytest
import torch

from usermind.llm.threads import one_thread, threads_for
from usermind.memory import MemorySystem
from usermind.memory.config import MemoryConfig
from usermind.memory.recall import exact_rescore
from usermind.memory.scoring import LARGE, top_k
from usermind.memory.user_index import UserIndex
from usermind.memory.vector_index import VectorIndex


def _unit(rows: int, seed: int = 0) -> np.ndarray:
    m = np.random.default_rng(seed).standard_normal((rows, 32)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


@pytest.mark.parametrize(("int8", "error"), [(True, 5e-3), (False, 2e-3)])
def test_the_compact_scan_is_within_its_error_and_exact_is_float32(monkeypatch, int8, error):
    """int8 codes with a scale per row where torch has the kernel (as here), else float16."""
    import usermind.memory.compact_scan as compact_scan

    assert compact_scan.int8_kernel()  # this torch has it: the int8 case below is the real default
    monkeypatch.setattr(compact_scan, "int8_kernel", lambda: int8)
    index = VectorIndex(32, capacity=4)
    m = _unit(300)
    index.add(m[:100])
    query = m[7]
    index.scores(query, half=True)  # makes the compact copy
    index.add(m[100:])  # later rows reach it too (also across a regrowth)
    half = index.scores(query, half=True)
    full = index.scores(query)
    assert half.dtype == np.float32 and half.shape == (300,)
    assert 0 < np.abs(half - full).max() < error  # approximate, within its error
    rows = np.array([7, 250])
    assert np.array_equal(index.exact(rows, query), m[rows] @ query)


def test_top_k_large_path_matches_a_full_sort_ties_in_row_order():
    rng = np.random.default_rng(3)
    n = LARGE + 1000
    scores = np.round(rng.standard_normal(n), 1).astype(np.float32)  # many ties
    alive = rng.random(n) > 0.2
    for k in (1, 7, 40):
        expected = np.lexsort((np.arange(n), -np.where(alive, scores, -np.inf)))[:k]
        assert list(top_k(scores, alive, k)) == list(expected)


def test_top_k_large_path_leaves_a_nan_score_out():
    rng = np.random.default_rng(4)
    scores = rng.standard_normal(LARGE + 10).astype(np.float32)
    scores[[3, 77]] = np.nan  # torch ranks NaN first: the partition path is taken instead
    alive = np.ones(len(scores), dtype=bool)
    finite = np.where(np.isnan(scores), -np.inf, scores)
    expected = np.lexsort((np.arange(len(scores)), -finite))[:5]
    assert list(top_k(scores, alive, 5)) == list(expected)


def test_top_k_small_path_orders_ties_by_row():
    scores = np.array([0.5, 0.9, 0.5, 0.9, 0.1], dtype=np.float32)
    assert list(top_k(scores, np.ones(5, dtype=bool), 3)) == [1, 3, 0]


def test_small_encodes_run_on_one_thread_and_restore_the_setting():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with threads_for(1):
            assert torch.get_num_threads() == 1
            with one_thread(torch):  # nested (the dense scan inside a query) keeps one
                assert torch.get_num_threads() == 1
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 2
        with threads_for(64):  # a batch is left alone
            assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_recall_through_the_half_scan_ranks_like_the_float32_scan(db, embedder):
    from tests.memory.test_expand import _bridge_turns

    mem = MemorySystem(db, embedder)
    mem.add_turns("u", _bridge_turns())
    question = "Where did Caroline move from?"
    full = mem.recall("u", question, k=6, now=1_800_000_000.0)
    mem.config = MemoryConfig(half_precision_from=0)
    half = mem.recall("u", question, k=6, now=1_800_000_000.0)
    assert [m.id for m in half] == [m.id for m in full]
    # the chosen rows carry their float32 dense score, not the float16 one
    assert [m.components["dense"] for m in half] == [m.components["dense"] for m in full]


def test_one_thread_is_each_threads_own():
    """torch's (OpenMP's) thread count is per thread: the scan's helper thread lowers its own even while
    the caller is inside ``one_thread`` already (else its kernels start an OpenMP team, which spins and
    can hang a process forked later)."""
    import usermind.memory.vector_index as vector_index

    def inside() -> int:
        with one_thread(torch):
            return torch.get_num_threads()

    pool = vector_index._scan_pool()
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        assert pool.submit(torch.get_num_threads).result() == 2
        with one_thread(torch):
            assert pool.submit(inside).result() == 1
        assert pool.submit(torch.get_num_threads).result() == 2  # restored there too
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_exact_rescore_replaces_the_rows_own_dense_score():
    index = UserIndex(dim=32)
    m = _unit(3, seed=5)
    index.vectors.add(m)
    query = m[2]
    dense = np.array([0.0, 0.0, 0.0], dtype=np.float32)  # as if the approximate scan said 0
    total = dense + np.array([0.5, 0.1, 0.0], dtype=np.float32)
    order = exact_rescore(index, query, dense, total, np.array([0, 1, 2]))
    assert order[0] == 2 and np.isclose(dense[2], 1.0) and np.isclose(total[2], 1.0)
    assert np.allclose(dense, m @ query)


def test_a_split_half_scan_gives_the_same_scores_as_one_pass(monkeypatch):
    import usermind.memory.vector_index as vector_index

    m = _unit(1001, seed=5)  # odd: the halves differ in size
    index = VectorIndex(32)
    index.add(m)
    one_pass = index.scores(m[3], half=True)
    monkeypatch.setattr(vector_index, "SPLIT_FROM", 10)
    split = index.scores(m[3], half=True)
    assert split.shape == (1001,) and np.array_equal(split, one_pass)


def test_the_heap_setting_is_applied_once_and_zero_leaves_the_defaults(monkeypatch):
    import usermind.memory.heap as heap

    calls = []

    class FakeLibc:
        def mallopt(self, param, value):
            calls.append((param, value))
            return 1

    monkeypatch.setattr(heap, "_applied", None)
    monkeypatch.setattr(heap, "_glibc", lambda: FakeLibc())
    assert heap.keep_freed_heap(0) is False and calls == []
    assert heap.keep_freed_heap(64) is True
    assert calls == [(heap.M_MMAP_THRESHOLD, 32 << 20), (heap.M_TRIM_THRESHOLD, 64 << 20)]
    assert heap.keep_freed_heap(64) is True and len(calls) == 2  # process-wide: once
    monkeypatch.setattr(heap, "_applied", None)
    monkeypatch.setattr(heap, "_glibc", lambda: None)  # not glibc: nothing to tune
    assert heap.keep_freed_heap(64) is False


def test_a_forked_child_scans_with_its_own_helper_thread():
    """A process forked after a split scan (a pre-forking server) must not wait on the parent's helper
    thread, which does not exist in the child.  Run in a fresh interpreter (forking this test process,
    whose earlier tests ran OpenMP thread pools, can hang for reasons of its own)."""
    import subprocess
    import sys

    code = """
import os, signal, sys
import numpy as np
import usermind.memory.vector_index as vi
vi.SPLIT_FROM = 10
m = np.random.default_rng(9).standard_normal((101, 32)).astype(np.float32)
m /= np.linalg.norm(m, axis=1, keepdims=True)
index = vi.VectorIndex(32)
index.add(m)
expected = index.scores(m[4], half=True)  # the parent's pool now has its thread
pid = os.fork()
if pid == 0:
    signal.alarm(30)  # a child stuck waiting is ended, and the test fails, within 30 s
    os._exit(0 if np.array_equal(index.scores(m[4], half=True), expected) else 3)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
