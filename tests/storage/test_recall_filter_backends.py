"""A filtered recall on every backend (SQLite's full index, Postgres's candidates): the message itself
and the assistant's replies never fill a slot, the stated preference that bears on a request keeps its
slot among many requests worded like it, and a kind filter returns that kind alone.  Real embedder."""

from __future__ import annotations

import pytest

from usermind.memory import MemorySystem
from usermind.memory.recall_filter import RecallFilter
from usermind.storage.open import open_database

STATED = ["I get carsick on winding roads.", "I'm allergic to peanuts.", "I work night shifts at a hospital."]
ASKED = [
    "Plan a road trip along the Amalfi coast.",
    "What should I see on a drive through the Alps?",
    "Best scenic drives in Scotland?",
    "Which mountain passes in Colorado are worth driving?",
    "Route ideas for a coastal drive in Portugal?",
]
REQUEST = "Plan a weekend drive through the Dolomites for me."


@pytest.fixture
def mem(tmp_path, storage_url, embedder):
    memory = MemorySystem(open_database(tmp_path, storage_url), embedder)
    for i, text in enumerate([*STATED, *ASKED]):
        memory.add_turn("rae", "s1", "user", text, ts=1_700_000_000 + 10 * i)
        memory.add_turn(
            "rae", "s1", "assistant", "Here you go.", ts=1_700_000_005 + 10 * i, speaker="assistant"
        )
    memory.remember("rae")
    yield memory
    memory.db.close()


def test_the_filter_holds_and_the_bearing_preference_keeps_its_slot(mem):
    current = mem.add_turn("rae", "s1", "user", REQUEST, ts=1_700_001_000)
    where = RecallFilter(skip_ids=frozenset({current.id}), skip_speakers=frozenset({"assistant"}))
    found = mem.recall("rae", REQUEST, k=4, where=where)
    assert len(found) == 4
    assert all(m.id != current.id and m.speaker != "assistant" for m in found)
    assert STATED[0] in [m.text for m in found]
    unfiltered = mem.recall("rae", REQUEST, k=4)
    assert any(m.id == current.id or m.speaker == "assistant" for m in unfiltered)  # the filter did work


def test_a_kind_filter_returns_that_kind_alone(mem):
    facts = mem.recall("rae", "What am I allergic to?", k=3, where=RecallFilter(kind="fact"))
    assert facts and all(m.kind == "fact" for m in facts)
    turns = mem.recall("rae", "What am I allergic to?", k=3, where=RecallFilter(kind="turn"))
    assert len(turns) == 3 and all(m.kind == "turn" for m in turns)
