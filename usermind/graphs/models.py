"""Pydantic models of the user knowledge graph: entities, triples with provenance, edits.

A triple ``(head, relation, tail)`` is identified by its ``id``; its *identity key* (the
normalised head, relation and tail) decides whether an upsert merges into an existing current
triple.  Triples are bi-temporal: invalidating one sets ``valid_to`` and keeps it in the history.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from usermind.storage.db import new_id, now_ts

Polarity = Literal["likes", "dislikes", "is", "has", "neutral"]
EditOp = Literal["add", "update", "invalidate", "remove", "reweight", "restore"]
SELF = "user"
"""The entity name that stands for the user in their own graph."""


def entity_key(name: str) -> str:
    """The normalised form of an entity or relation name: lower case, single spaces."""
    return " ".join(name.lower().split())


def polarity_sign(polarity: str) -> int:
    """+1 for ``likes``, -1 for ``dislikes``, 0 for every other polarity."""
    return {"likes": 1, "dislikes": -1}.get(polarity, 0)


def invert_polarity(polarity: str) -> str:
    """``likes`` <-> ``dislikes``; other polarities have no opposite and are returned unchanged."""
    return {"likes": "dislikes", "dislikes": "likes"}.get(polarity, polarity)


class Entity(BaseModel):
    """A node of one user's graph; ``key`` is the normalised ``name``."""

    name: str
    type: str = "entity"

    @property
    def key(self) -> str:
        return entity_key(self.name)


class Provenance(BaseModel):
    """Where a triple came from: the turns and feedback events that support it."""

    turn_ids: list[str] = Field(default_factory=list)
    feedback_ids: list[str] = Field(default_factory=list)
    source: str = "remember"

    def merged(self, other: Provenance) -> Provenance:
        """The union of both provenances (order kept, no duplicates); ``source`` of ``self``."""
        return Provenance(
            turn_ids=list(dict.fromkeys(self.turn_ids + other.turn_ids)),
            feedback_ids=list(dict.fromkeys(self.feedback_ids + other.feedback_ids)),
            source=self.source,
        )


class Triple(BaseModel):
    """One typed, weighted relation between two entities, with provenance and validity."""

    id: str = Field(default_factory=lambda: new_id("tr"))
    head: str
    relation: str
    tail: str
    polarity: Polarity = "neutral"
    weight: float = 1.0
    head_type: str = "entity"
    tail_type: str = "entity"
    provenance: Provenance = Field(default_factory=Provenance)
    valid_from: float = Field(default_factory=now_ts)
    valid_to: float | None = None
    invalidated_by: str | None = None
    created_at: float = Field(default_factory=now_ts)

    @field_validator("head", "relation", "tail")
    @classmethod
    def _non_blank(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("head, relation and tail must not be blank")
        return value.strip()

    @property
    def current(self) -> bool:
        return self.valid_to is None

    @property
    def identity(self) -> tuple[str, str, str]:
        """(head key, relation key, tail key): two current triples never share it."""
        return entity_key(self.head), entity_key(self.relation), entity_key(self.tail)

    def text(self) -> str:
        return f"{self.head} {self.relation} {self.tail}"


class TripleChange(BaseModel):
    """The state of a triple before and after one write (``None`` where it did not exist)."""

    before: Triple | None = None
    after: Triple | None = None


class GraphEdit(BaseModel):
    """One logged, reversible change to a user's graph (KGT edits, PIE edits, user corrections)."""

    id: str = Field(default_factory=lambda: new_id("ge"))
    op: EditOp
    triple_id: str
    before: Triple | None = None
    after: Triple | None = None
    reason: str = ""
    source: str = "user"
    group_id: str | None = None
    loss_before: float | None = None
    loss_after: float | None = None
    created_at: float = Field(default_factory=now_ts)
    reverted_by: str | None = None


class GraphCounts(BaseModel):
    """Sizes of one user's graph."""

    entities: int
    triples_current: int
    triples_total: int
    edits: int
