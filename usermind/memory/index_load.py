"""A user's in-memory search index built from the database (SQLite; Postgres builds per query)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.memory.user_index import UserIndex

if TYPE_CHECKING:
    from usermind.memory.system import MemorySystem


def load_index(mem: MemorySystem, user_id: str) -> UserIndex:
    """The user's turns and valid facts with their stored vectors, then the vocabulary's word vectors."""
    index = UserIndex(dim=mem.embedder.dim, kinds=mem.kinds)
    turns, matrix = mem.episodic.with_vectors(user_id)
    stated = index.states(turns, matrix)
    for turn, vector, says in zip(turns, matrix, stated, strict=True):
        index.add_turn(turn, vector, stated=bool(says))
    facts, fact_matrix = mem.semantic.valid_with_vectors(user_id)
    for fact, vector in zip(facts, fact_matrix, strict=True):
        index.add_fact(fact, vector)
    mem.words.fill(user_id, index)
    return index
