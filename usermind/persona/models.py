"""Persona data: structured attributes with polarity, confidence, source and provenance."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

Source = Literal["stated", "inferred", "feedback"]
SENSITIVE_CATEGORIES: dict[str, set[str]] = {
    "health": {
        "health",
        "illness",
        "disease",
        "diagnosis",
        "medication",
        "condition",
        "disability",
        "pregnant",
        "diabetes",
        "depression",
        "anxiety",
        "cancer",
        "adhd",
    },
    "politics": {
        "politics",
        "political",
        "party",
        "vote",
        "voter",
        "democrat",
        "republican",
        "liberal",
        "conservative",
    },
    "religion": {
        "religion",
        "religious",
        "faith",
        "christian",
        "muslim",
        "jewish",
        "hindu",
        "buddhist",
        "atheist",
        "church",
        "mosque",
    },
    "sexuality": {"sexuality", "sexual", "gay", "lesbian", "bisexual", "straight", "queer", "asexual"},
}


class PersonaAttribute(BaseModel):
    """One belief about the user: ``attribute`` = ``value`` with ``polarity`` (+1 likes/is, −1 not)."""

    attribute: str
    value: str
    polarity: int = Field(1, ge=-1, le=1)
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    source: Source = "inferred"
    provenance: list[str] = Field(default_factory=list, description="turn/fact ids or quotes it came from")
    sensitive: str | None = None
    ts: float = 0.0
    version: int = 1

    def key(self) -> tuple[str, str, int]:
        return (self.attribute.lower(), self.value.lower(), self.polarity)

    def sentence(self) -> str:
        attr = self.attribute.replace("_", " ")
        if self.attribute == "likes":
            return f"{'likes' if self.polarity > 0 else 'dislikes'} {self.value}"
        return f"{attr}: {'not ' if self.polarity < 0 else ''}{self.value}"


class Persona(BaseModel):
    """The current profile of one user."""

    user_id: str
    attributes: list[PersonaAttribute] = Field(default_factory=list)

    def get(self, attribute: str) -> list[PersonaAttribute]:
        return [a for a in self.attributes if a.attribute == attribute]

    def as_profile(self) -> dict[str, str]:
        """Single-valued view (highest-confidence positive value per attribute) for tool parameter filling."""
        out: dict[str, tuple[float, str]] = {}
        for a in self.attributes:
            if a.polarity > 0 and (a.attribute not in out or a.confidence > out[a.attribute][0]):
                out[a.attribute] = (a.confidence, a.value)
        return {k: v for k, (_, v) in out.items()}


@runtime_checkable
class FactLike(Protocol):
    """The minimum the aggregator needs from a memory fact."""

    subject: str
    predicate: str
    object: str


def sensitive_category(*texts: str) -> str | None:
    """The sensitive category a text touches (health, politics, religion, sexuality), else None."""
    import re

    words = set(re.findall(r"[a-z]+", " ".join(texts).lower()))
    for category, vocab in SENSITIVE_CATEGORIES.items():
        if words & vocab:
            return category
    return None
