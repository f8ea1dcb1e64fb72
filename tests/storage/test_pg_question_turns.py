"""Recall on Postgres candidates scores a turn that asks like the in-memory index does: the
``question`` column is built by the ``UserIndex`` both backends fill (``weights.question``)."""

from __future__ import annotations

import pytest

from tests.storage.test_pg_recall import _fill
from usermind.memory import MemorySystem
from usermind.memory.config import MemoryConfig
from usermind.storage.open import open_database


def test_postgres_recall_steps_an_asking_turn_back(tmp_path, postgres_url, embedder):
    def scores(question: float) -> dict[str, tuple[float, float]]:
        config = MemoryConfig(weights={"question": question})
        mem = MemorySystem(open_database(tmp_path, postgres_url), embedder, config=config)
        if question:
            _fill(mem, "ann")
        found = mem.recall("ann", "What breed is Ann's dog?", k=6, now=1.8e9)
        return {m.text.split(": ", 1)[-1]: (m.score, m.components["question"]) for m in found}

    penalised, plain = scores(0.6), scores(0.0)
    asking, reply = "What breed is Rex?", "He is a border collie, very energetic."
    assert penalised[asking][1] == 1.0 and penalised[reply][1] == 0.0
    assert penalised[asking][0] == pytest.approx(plain[asking][0] - 0.6, abs=1e-5)
    assert penalised[reply][0] == pytest.approx(plain[reply][0], abs=1e-5)
