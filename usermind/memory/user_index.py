"""The in-memory search index of one user: vectors, BM25 postings and row metadata, kept in step
with the database (appended on writes, masked on invalidation, rebuilt after deletions)."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from usermind.memory.bearing.row_images import RowValues
from usermind.memory.episodic import turn_document
from usermind.memory.expand import SessionGroups, session_groups
from usermind.memory.lexical import BM25Index
from usermind.memory.models import Fact, Turn
from usermind.memory.passing import states_in_passing
from usermind.memory.requests import (
    is_request,
    may_state,
    mentions_self,
    self_as_object,
    states_a_reason,
    states_household,
)
from usermind.memory.text import question_share
from usermind.memory.vector_index import VectorIndex
from usermind.memory.vocabulary import Vocabulary
from usermind.text import terms_of, words

if TYPE_CHECKING:
    from usermind.memory.kinds import MessageKinds

Terms = tuple[dict[str, int], int]  # a document's term frequencies and its length in terms


@dataclass
class Row:
    id: str
    kind: str
    text: str
    ts: float | None  # None: a turn of unknown time
    session_id: str | None
    speaker: str | None
    source_ids: list[str]
    prev: int = -1
    next: int = -1


class Column:
    """A growable 1-d numpy array (amortised doubling), so appends never rebuild per-row metadata."""

    def __init__(self, dtype, fill=0):
        self._data = np.full(256, fill, dtype=dtype)
        self._fill = fill
        self.size = 0

    def append(self, value) -> None:
        if self.size == len(self._data):
            grown = np.full(2 * len(self._data), self._fill, dtype=self._data.dtype)
            grown[: self.size] = self._data
            self._data = grown
        self._data[self.size] = value
        self.size += 1

    def __setitem__(self, index: int, value) -> None:
        self._data[index] = value

    @property
    def values(self) -> np.ndarray:
        return self._data[: self.size]


@dataclass
class UserIndex:
    dim: int
    vectors: VectorIndex = field(init=False)
    vocabulary: Vocabulary = field(init=False)
    lexical: BM25Index = field(default_factory=BM25Index)
    kinds: MessageKinds | None = None  # tells statements without "I" (see _states)
    rows: list[Row] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    last_in_session: dict[str, int] = field(default_factory=dict)
    speaker_codes: dict[str, int] = field(default_factory=dict)
    session_codes: dict[str, int] = field(default_factory=dict)
    columns: dict[str, Column] = field(init=False)
    _groups: tuple[int, SessionGroups] | None = field(default=None, init=False, repr=False)
    # per stated row, what its bearing needs of it alone (see usermind.memory.bearing.row_images)
    request_images: RowValues = field(default_factory=RowValues, init=False, repr=False)
    hubs: RowValues = field(default_factory=RowValues, init=False, repr=False)

    def __post_init__(self) -> None:
        self.vectors = VectorIndex(self.dim)
        self.vocabulary = Vocabulary(self.dim)  # filled by the memory system (SQLite; see .words)
        self.columns = {
            "alive": Column(bool, True),
            "ts": Column(np.float64),
            "prev": Column(np.int64, -1),
            "next": Column(np.int64, -1),
            "is_fact": Column(bool, False),
            "speaker": Column(np.int32),
            "stated": Column(bool, False),
            "session": Column(np.int64, -1),
            "question": Column(np.float32, 0.0),
            "informative": Column(np.float32, 0.0),
        }

    @property
    def speakers(self) -> set[str]:
        return set(self.speaker_codes)

    def __len__(self) -> int:
        return len(self.rows)

    def _append(
        self,
        row: Row,
        document: str,
        vector: np.ndarray,
        stated: bool = False,
        terms: Terms | None = None,
        question: float = 0.0,
    ) -> int:
        index = len(self.rows)
        self.rows.append(row)
        self.by_id[row.id] = index
        self.vectors.add(vector)
        if terms is None:
            tokens = words(document)  # split once: BM25 terms and the vocabulary's words
            found = terms_of(tokens)
            terms = (Counter(found), len(found))
            self.vocabulary.note(tokens)
        self.lexical.add_counts(*terms)
        code = self.speaker_codes.setdefault(row.speaker, len(self.speaker_codes) + 1) if row.speaker else 0
        session = (
            self.session_codes.setdefault(row.session_id, len(self.session_codes)) if row.session_id else -1
        )
        for name, value in (
            ("alive", True),
            ("ts", row.ts),
            ("prev", row.prev),
            ("next", -1),
            ("is_fact", row.kind == "fact"),
            ("speaker", code),
            ("stated", stated),
            ("session", session),
            ("question", question),
            # how much a turn says; a distilled fact is one short statement by construction
            ("informative", np.log1p(terms[1]) if row.kind == "turn" else 0.0),
        ):
            self.columns[name].append(value)
        return index

    def add_turn(
        self, turn: Turn, vector: np.ndarray, terms: Terms | None = None, stated: bool | None = None
    ) -> None:
        """Append a turn (``terms``: its document's term counts and length, when already known;
        ``stated``: whether it is a statement about the user, when already known: :meth:`states`)."""
        document = turn_document(turn.text, turn.speaker, turn.caption)
        source = [turn.source_id] if turn.source_id else []
        row = Row(turn.id, "turn", document, turn.ts, turn.session_id, turn.speaker, source)
        previous = self.last_in_session.get(turn.session_id, -1)
        row.prev = previous
        if stated is None:
            stated = bool(self.states([turn], vector[None, :])[0])
        index = self._append(row, document, vector, stated, terms, question_share(turn.text))
        if previous >= 0:
            self.rows[previous].next = index
            self.columns["next"][previous] = index
        self.last_in_session[turn.session_id] = index

    def states(self, turns: list[Turn], vectors: np.ndarray) -> np.ndarray:
        """Which of ``turns`` (``vectors``: their embeddings, row for row) say something about the user:
        the user's statements in the first person, about their household ("My son has ADHD."), or with
        the subject left out ("Vegetarian since college.") as the message-kind classifier judges them
        (all of those in one product).  A request is none, however it is worded ("Bday party ideas for
        my boy.", "Need a quick lunch idea I can meal prep."): where the wording rules read one, the
        classifier decides ("Needles make me faint." is worded like "Make me a playlist."), as it does where
        the user is only an object ("Point me to a primer on index funds.", "Heights terrify me."); a
        need given with its reason is a statement ("I need a private office. Half my day is calls."), and
        so is a request that says something about the user in passing ("I'm allergic to shellfish. Any
        ideas for Boston?": :func:`~usermind.memory.passing.states_in_passing`)."""
        out = np.zeros(len(turns), dtype=bool)
        unsure, asks, objects = [], [], []
        for i, turn in enumerate(turns):
            if turn.role == "user" and (may_state(turn.text) or states_household(turn.text)):
                if not mentions_self(turn.text):
                    unsure.append(i)
                elif states_a_reason(turn.text):
                    out[i] = True
                elif self_as_object(turn.text):  # "Heights terrify me." or "Point me to ...": which?
                    objects.append(i)
                elif is_request(turn.text):
                    asks.append(i)
                else:
                    out[i] = True
        if self.kinds is None:
            out[asks + objects] = True
        else:
            unsure += objects
            if asks:
                out[asks] = ~self.kinds.are_requests([turns[i].text for i in asks], vectors[asks])
            if unsure:
                out[unsure] = self.kinds.are_statements([turns[i].text for i in unsure], vectors[unsure])
        for i, turn in enumerate(turns):  # the rest: a request that may say something in passing
            if not out[i] and turn.role == "user" and states_in_passing(turn.text):
                out[i] = True
        return out

    def add_fact(self, fact: Fact, vector: np.ndarray, terms: Terms | None = None) -> None:
        row = Row(fact.id, "fact", fact.text, fact.valid_from, None, None, list(fact.source_ids))
        self._append(row, fact.text, vector, stated=True, terms=terms)

    def session_groups(self) -> SessionGroups:
        """The rows grouped by session (for session support), kept until rows are appended."""
        if self._groups is None or self._groups[0] != len(self):
            self._groups = (len(self), session_groups(self.array("session")))
        return self._groups[1]

    def link_sessions(self, links: dict[str, tuple[str | None, str | None]]) -> None:
        """Replace the session neighbours (adjacent among the rows held) with the true ones, for an
        index of some of a user's rows (Postgres's candidates): ``links`` gives a turn's ids before and
        after it in its session; a turn held beside one of those takes its link back, and a neighbour
        not held is none."""
        prev, nxt = self.columns["prev"], self.columns["next"]
        known_next: dict[str, str] = {}
        known_prev: dict[str, str] = {}
        for turn_id, (before, after) in links.items():
            if before:
                known_next[before] = turn_id
            if after:
                known_prev[after] = turn_id
        for i, row in enumerate(self.rows):
            if row.kind != "turn":
                continue
            before, after = links.get(row.id, (known_prev.get(row.id), known_next.get(row.id)))
            row.prev = self.by_id.get(before, -1) if before else -1
            row.next = self.by_id.get(after, -1) if after else -1
            prev[i], nxt[i] = row.prev, row.next

    def mask(self, memory_id: str) -> None:
        index = self.by_id.get(memory_id)
        if index is not None:
            self.columns["alive"][index] = False

    def array(self, name: str) -> np.ndarray:
        """Row arrays: ``alive``, ``ts``, ``prev``, ``next``, ``is_fact``, ``speaker`` (code, 0: none),
        ``stated``, ``session`` (code, -1: none), ``question`` (share of a turn's words that ask),
        ``informative`` (log(1 + the number of content terms of a turn's document); 0 for a fact)."""
        return self.columns[name].values


class IndexCache:
    """Per-user indexes built lazily from the stores; thread-safe.  With a ``guard``
    (:class:`~usermind.storage.coherence.CacheGuard`) every lookup first checks that no other process
    changed the user's memory since the index was built, and rebuilds it if one did."""

    def __init__(self, loader, guard=None):
        self._loader = loader
        self._guard = guard
        self._indexes: dict[str, UserIndex] = {}
        self.lock = threading.RLock()

    def get(self, user_id: str) -> UserIndex:
        with self.lock:
            index = self.peek(user_id)
            if index is None:
                if self._guard is not None:
                    self._guard.stamp(user_id)
                index = self._loader(user_id)
                self._indexes[user_id] = index
            return index

    def peek(self, user_id: str) -> UserIndex | None:
        with self.lock:
            index = self._indexes.get(user_id)
            if index is not None and self._guard is not None and not self._guard.fresh(user_id):
                del self._indexes[user_id]  # stale: another process wrote or forgot
                index = None
            return index

    def drop(self, user_id: str) -> None:
        with self.lock:
            self._indexes.pop(user_id, None)
            if self._guard is not None:
                self._guard.forget(user_id)
