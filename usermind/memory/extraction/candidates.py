"""The candidate fact both extraction paths produce, and predicate semantics used by reconciliation."""

from __future__ import annotations

import time

from pydantic import BaseModel, Field, field_validator

# A statement the user made in passing, in a message that asked something else, kept in their own words
# ("Celiac here."): what a later request weighs.  Not a relation between things: it is not mirrored into
# the knowledge graph nor the persona.
IN_PASSING = "said_in_passing"

# Predicates that hold one value at a time: a new object replaces (invalidates) the old one.
SINGLE_VALUED = frozenset(
    {
        "name",
        "lives_in",
        "from",
        "works_as",
        "works_at",
        "age",
        "diet",
        "relationship_status",
        "studies",
        "partner",
        "spouse",
        "pet_name",
    }
)
# Pairs of predicates that contradict each other for the same object.
OPPOSITES = {"likes": "dislikes", "dislikes": "likes", "has": "does_not_have", "does_not_have": "has"}


class Candidate(BaseModel):
    """A fact proposed by an extractor, before reconciliation."""

    subject: str
    predicate: str
    object: str
    text: str
    confidence: float = Field(0.7, ge=0, le=1)
    source_ids: list[str] = Field(default_factory=list)
    valid_from: float
    negated: bool = Field(False, description="the statement ends the fact ('I no longer live in X')")

    @field_validator("valid_from", mode="before")
    @classmethod
    def _recorded_when_unknown(cls, value: float | None) -> float:
        """A fact from a turn of unknown time holds from when it is recorded."""
        return time.time() if value is None else value


def normalise(value: str) -> str:
    return " ".join(value.lower().strip(" .,!?;:'\"").split())


def is_single_valued(predicate: str) -> bool:
    return predicate in SINGLE_VALUED or predicate.startswith("favorite_")
