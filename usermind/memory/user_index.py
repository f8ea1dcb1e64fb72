"""The in-memory search index of one user: vectors, BM25 postings and row metadata, kept in step
with the database (appended on writes, masked on invalidation, rebuilt after deletions)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from usermind.memory.episodic import turn_document
from usermind.memory.lexical import BM25Index
from usermind.memory.models import Fact, Turn
from usermind.memory.vector_index import VectorIndex


@dataclass
class Row:
    id: str
    kind: str
    text: str
    ts: float
    session_id: str | None
    speaker: str | None
    source_ids: list[str]
    prev: int = -1
    next: int = -1


@dataclass
class UserIndex:
    dim: int
    vectors: VectorIndex = field(init=False)
    lexical: BM25Index = field(default_factory=BM25Index)
    rows: list[Row] = field(default_factory=list)
    alive: list[bool] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    last_in_session: dict[str, int] = field(default_factory=dict)
    speakers: set[str] = field(default_factory=set)
    _arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.vectors = VectorIndex(self.dim)

    def __len__(self) -> int:
        return len(self.rows)

    def _append(self, row: Row, document: str, vector: np.ndarray) -> int:
        index = len(self.rows)
        self.rows.append(row)
        self.alive.append(True)
        self.by_id[row.id] = index
        self.vectors.add(vector)
        self.lexical.add(document)
        self._arrays.clear()
        return index

    def add_turn(self, turn: Turn, vector: np.ndarray) -> None:
        document = turn_document(turn.text, turn.speaker, turn.caption)
        source = [turn.source_id] if turn.source_id else []
        row = Row(turn.id, "turn", document, turn.ts, turn.session_id, turn.speaker, source)
        previous = self.last_in_session.get(turn.session_id, -1)
        row.prev = previous
        index = self._append(row, document, vector)
        if previous >= 0:
            self.rows[previous].next = index
        self.last_in_session[turn.session_id] = index
        if turn.speaker:
            self.speakers.add(turn.speaker)

    def add_fact(self, fact: Fact, vector: np.ndarray) -> None:
        row = Row(fact.id, "fact", fact.text, fact.valid_from, None, None, list(fact.source_ids))
        self._append(row, fact.text, vector)

    def mask(self, memory_id: str) -> None:
        index = self.by_id.get(memory_id)
        if index is not None:
            self.alive[index] = False
            self._arrays.clear()

    def array(self, name: str) -> np.ndarray:
        """Cached per-row arrays: ``alive`` (bool), ``ts``, ``prev``, ``next``, ``is_fact``."""
        cached = self._arrays.get(name)
        if cached is None:
            if name == "alive":
                cached = np.asarray(self.alive, dtype=bool)
            elif name == "ts":
                cached = np.asarray([r.ts for r in self.rows], dtype=np.float64)
            elif name in ("prev", "next"):
                cached = np.asarray([getattr(r, name) for r in self.rows], dtype=np.int64)
            elif name == "is_fact":
                cached = np.asarray([r.kind == "fact" for r in self.rows], dtype=bool)
            else:
                raise KeyError(name)
            self._arrays[name] = cached
        return cached


class IndexCache:
    """Per-user indexes built lazily from the stores; thread-safe."""

    def __init__(self, loader):
        self._loader = loader
        self._indexes: dict[str, UserIndex] = {}
        self.lock = threading.RLock()

    def get(self, user_id: str) -> UserIndex:
        with self.lock:
            index = self._indexes.get(user_id)
            if index is None:
                index = self._loader(user_id)
                self._indexes[user_id] = index
            return index

    def peek(self, user_id: str) -> UserIndex | None:
        with self.lock:
            return self._indexes.get(user_id)

    def drop(self, user_id: str) -> None:
        with self.lock:
            self._indexes.pop(user_id, None)
