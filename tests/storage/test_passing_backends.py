"""Statements said in passing, on every backend (SQLite's full index, Postgres's candidates): a request
that says something about the user in the first person is stored as a statement, one with the subject
left out becomes a fact in the user's words, and both reach a later request that bears on them.
Real embedder and message-kind classifier."""

from __future__ import annotations

import pytest

from usermind.memory import MemorySystem
from usermind.memory.extraction.candidates import IN_PASSING

SAID = [
    "Any good museums in Boston? I get terribly seasick, by the way.",
    "Celiac here. How do I sharpen kitchen knives?",
    "What is the capital of Peru?",
]


@pytest.fixture
def mem(told):
    return told("pas", SAID, remember=True)


def _kept(mem: MemorySystem, request: str) -> list[str]:
    found = mem.recall("pas", request, k=6)
    result = mem.verify("pas", request, found)
    assert result.personalize, request
    return [m.text for m in result.kept]


def test_statements_said_in_passing_reach_the_requests_they_bear_on(mem):
    (fact,) = [m for m in mem.list_memories("pas", kind="fact")]
    assert fact.text == "Celiac here."
    assert mem.fact_history("pas", "User", IN_PASSING)[0].id == fact.id
    assert SAID[0] in _kept(mem, "Plan me a day out on the coast near Boston.")
    assert "Celiac here." in _kept(mem, "Suggest a bakery for Sunday breakfast in Lisbon.")
