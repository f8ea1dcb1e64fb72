"""The late slots of a long recall favour the turns around its best hits (pure numpy; through the memory
system on every backend: tests/storage/test_context_backends.py)."""

import numpy as np

from usermind.memory.context_slots import ContextSlots, around, with_context


def _chain(sessions: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """prev / next links for rows in order, ``sessions`` turns per session."""
    prev, nxt, row = [], [], 0
    for size in sessions:
        for i in range(size):
            prev.append(row + i - 1 if i > 0 else -1)
            nxt.append(row + i + 1 if i < size - 1 else -1)
        row += size
    return np.array(prev, dtype=np.int64), np.array(nxt, dtype=np.int64)


def test_around_walks_both_ways_within_a_session_and_leaves_out_the_hits():
    prev, nxt = _chain([6, 4])  # rows 0-5, then 6-9
    assert np.flatnonzero(around(prev, nxt, [2], 2)).tolist() == [0, 1, 3, 4]
    assert np.flatnonzero(around(prev, nxt, [5], 2)).tolist() == [3, 4]  # the session ends at 5
    assert np.flatnonzero(around(prev, nxt, [6], 1)).tolist() == [7]  # not row 5: another session
    assert np.flatnonzero(around(prev, nxt, [2, 3], 1)).tolist() == [1, 4]


def test_with_context_refills_only_the_slots_past_the_head():
    prev, nxt = _chain([10, 10])
    total = np.linspace(1.0, 0.0, 20, dtype=np.float32)  # row 0 best ... row 19 worst
    total[11] = 0.95  # the best hit sits in the second session
    alive = np.ones(20, dtype=bool)
    ranked = [11, 0, 1, 2, 3, 4]
    slots = ContextSlots(after=2, hits=1, turns=2, bonus=1.0)
    chosen, bonus = with_context(ranked, total, alive, prev, nxt, 6, slots)
    assert chosen[:2] == [11, 0]  # the head keeps its order
    # the turns within two of row 11 in its session (row 9 is in the first), then the best other row
    assert chosen[2:5] == [10, 12, 13] and chosen[5] == 1
    assert np.flatnonzero(bonus).tolist() == [10, 12, 13] and bonus.sum() == 3.0
    same, none = with_context(ranked, total, alive, prev, nxt, 2, slots)  # k within the head
    assert same == ranked and not none.any()
