"""A recall filtered by the caller (not the turn just said, not the assistant's replies, only facts,
a time window) fills all its ``k`` slots with memories that pass, and a request's preference slots
are never cut by the filtering or by the ranking's own hits.  Real embedder, SQLite."""

from __future__ import annotations

import numpy as np
import pytest

from usermind.memory.recall import preference_rows, with_pool
from usermind.memory.recall_filter import NO_FILTER, RecallFilter

SAID = [
    "Two cats. They shred everything.",
    "I get seasick on small boats.",
    "I'm vegetarian.",
    "I'm training for a marathon in April.",
]
ASKED = [
    "Help me choose a dining table.",
    "Which curtains go with a grey wall?",
    "What fabric is best for outdoor cushions?",
    "Best fabric for dining chair seats?",
    "Leather or linen for a reading chair?",
    "What color sofa goes with oak floors?",
    "How do I clean a velvet ottoman?",
    "Recommend a sectional for a family room.",
]
REQUEST = "Looking for a new sofa. Any fabric tips?"


@pytest.fixture
def filled(mem):
    for i, text in enumerate([*SAID, *ASKED]):
        mem.add_turn("ivy", "s1", "user", text, ts=1_700_000_000 + 10 * i)
        mem.add_turn(
            "ivy", "s1", "assistant", "Here is my answer.", ts=1_700_000_005 + 10 * i, speaker="assistant"
        )
    assert mem.remember("ivy")  # facts distilled from the statements
    return mem


def test_the_mask_leaves_out_ids_speakers_kinds_and_times_outside_the_window(filled):
    index = filled.cache.get("ivy")
    assert NO_FILTER.allowed(index) is None
    first = index.rows[0].id
    mask = RecallFilter(skip_ids=frozenset({first, "no-such-id"})).allowed(index)
    assert not mask[0] and mask[1:].all()
    mask = RecallFilter(skip_speakers=frozenset({"assistant", "nobody"})).allowed(index)
    assert all(mask[r] == (index.rows[r].speaker != "assistant") for r in range(len(index)))
    facts = RecallFilter(kind="fact").allowed(index)
    assert facts.any() and all(facts[r] == (index.rows[r].kind == "fact") for r in range(len(index)))
    window = RecallFilter(since=1_700_000_020, until=1_700_000_040).allowed(index)
    kept = [index.rows[r].ts for r in np.flatnonzero(window)]
    assert kept and all(1_700_000_020 <= ts <= 1_700_000_040 for ts in kept)


def test_a_time_window_leaves_out_memories_of_unknown_time(filled):
    filled.add_turn("ivy", "s1", "user", "I'm vegan at home.", ts="unknown")
    index = filled.cache.get("ivy")
    row = index.by_id[[r.id for r in index.rows if r.text == "I'm vegan at home."][0]]
    assert not RecallFilter(since=0).allowed(index)[row]
    assert RecallFilter(kind="turn").allowed(index)[row]


@pytest.mark.parametrize("k", [2, 4, 6, 8])
def test_the_preference_slots_survive_the_filter_and_the_ranking(filled, k):
    current = filled.add_turn("ivy", "s1", "user", REQUEST, ts=1_700_001_000)
    where = RecallFilter(skip_ids=frozenset({current.id}), skip_speakers=frozenset({"assistant"}))
    found = filled.recall("ivy", REQUEST, k=k, where=where)
    assert len(found) == k
    assert all(m.id != current.id and m.speaker != "assistant" for m in found)
    assert any(m.text == SAID[0] for m in found)  # the statement that bears most, by its bearing
    # every one of the pool's best k // 2 rows is there, wherever the ranking had put it
    index = filled.cache.get("ivy")
    info = filled.analyse(REQUEST, index.speakers)
    vector = filled.request_vectors.vector(info.dense_text)
    allowed = where.allowed(index) & index.array("alive")
    pool = preference_rows(
        index, vector, index.vectors.scores(vector), filled.bearing.basis, filled.config, info, allowed
    )
    assert pool and {index.rows[r].id for r in pool[: k // 2]} <= {m.id for m in found}


def test_only_facts_fill_every_slot(filled):
    found = filled.recall("ivy", "What do I eat?", k=3, where=RecallFilter(kind="fact"))
    assert found and all(m.kind == "fact" for m in found)
    assert len(found) == min(3, sum(r.kind == "fact" for r in filled.cache.get("ivy").rows))


def test_the_pool_holds_one_row_per_statement(filled):
    """A turn and the facts distilled from it are one statement: they share no pool slots."""
    index = filled.cache.get("ivy")
    assert any(row.kind == "fact" for row in index.rows)
    for request in ["What should I cook for dinner?", REQUEST, "Plan a weekend trip for me."]:
        info = filled.analyse(request, index.speakers)
        vector = filled.request_vectors.vector(info.dense_text)
        pool = preference_rows(
            index, vector, index.vectors.scores(vector), filled.bearing.basis, filled.config, info
        )
        statements = [
            index.rows[r].source_ids[0] if index.rows[r].kind == "fact" else index.rows[r].id for r in pool
        ]
        assert len(pool) == min(filled.config.preference_pool, len(SAID)), request
        assert len(set(statements)) == len(statements), request


@pytest.mark.parametrize(
    ("ranked", "pool", "k", "expected"),
    [
        ([1, 2, 3, 4], [9], 4, [1, 2, 3, 9]),  # the lowest rank makes room
        ([1, 9, 3, 4], [9], 4, [1, 9, 3, 4]),  # already ranked: keeps its rank
        ([1, 2, 9, 4], [7, 9], 4, [1, 2, 9, 7]),  # 4 goes; 9 stays where it was
        ([9, 2, 3, 8], [8, 9], 4, [9, 2, 3, 8]),  # nothing to do
        ([1, 2], [5, 6], 4, [1, 2, 5, 6]),  # room enough
        ([], [5], 3, [5]),
    ],
)
def test_with_pool_keeps_every_pool_row_and_every_rank_it_can(ranked, pool, k, expected):
    assert with_pool(ranked, pool, k) == expected
