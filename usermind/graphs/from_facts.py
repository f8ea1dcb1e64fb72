"""Turning reconciled semantic facts into knowledge-graph triples (pure mapping, no I/O)."""

from __future__ import annotations

import re

from usermind.graphs.models import SELF, Polarity, Provenance, Triple

_FIRST_PERSON = {"user", "i", "me", "my", "myself", "the user", "user's"}
_POLARITY = [
    (re.compile(r"\b(dislike|hate|avoid|can't stand|do not like|don't like)", re.I), "dislikes"),
    (re.compile(r"\b(like|love|enjoy|prefer|favou?rite|adore)", re.I), "likes"),
    (re.compile(r"\b(has|have|own|keep|keeps)\b", re.I), "has"),
    (re.compile(r"\b(is|am|are|name|works? as|lives? in)\b", re.I), "is"),
]


def polarity_of(predicate: str) -> Polarity:
    for pattern, polarity in _POLARITY:
        if pattern.search(predicate.replace("_", " ")):
            return polarity  # type: ignore[return-value]
    return "neutral"


def entity_of(subject: str) -> str:
    return SELF if subject.strip().lower() in _FIRST_PERSON else subject.strip()


def triple_from_fact(
    subject: str, predicate: str, obj: str, source_ids: list[str], confidence: float
) -> Triple:
    return Triple(
        head=entity_of(subject),
        relation=predicate.strip(),
        tail=obj.strip(),
        polarity=polarity_of(predicate),
        weight=max(0.05, min(1.0, confidence)),
        head_type="user" if entity_of(subject) == SELF else "entity",
        provenance=Provenance(turn_ids=list(source_ids), source="memory"),
    )
