"""Reconciliation of candidate facts against the current ones: add, update, invalidate or no-op.

Pure: it takes the current facts of the candidate's key (and of the opposite predicate) and returns a
plan; :class:`~usermind.memory.system.MemorySystem` applies the plan in one transaction.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from usermind.memory.extraction.candidates import OPPOSITES, Candidate, is_single_valued, normalise
from usermind.memory.models import Fact


class Plan(BaseModel):
    op: str  # add | update | invalidate | noop
    add: bool = False
    invalidate: list[Fact] = Field(default_factory=list)
    confirm: Fact | None = None
    reason: str = ""


def plan(candidate: Candidate, same_key: list[Fact], opposite: list[Fact]) -> Plan:
    """Decide what ``candidate`` does to the current facts with the same (subject, predicate) and to the
    current facts with the opposite predicate."""
    obj = normalise(candidate.object)
    same_object = [f for f in same_key if normalise(f.object) == obj]
    if candidate.negated:
        if same_object:
            return Plan(
                op="invalidate", invalidate=same_object, reason=f"the user ended '{same_object[0].text}'"
            )
        return Plan(op="noop", reason="negation of a fact that is not stored")
    if same_object:
        return Plan(op="noop", confirm=same_object[0], reason="already known; provenance extended")
    contradicted = [f for f in opposite if normalise(f.object) == obj]
    if is_single_valued(candidate.predicate):
        contradicted += same_key
    if contradicted:
        return Plan(
            op="update", add=True, invalidate=contradicted, reason=f"replaces '{contradicted[0].text}'"
        )
    return Plan(op="add", add=True, reason="new fact")


def opposite_predicate(predicate: str) -> str | None:
    return OPPOSITES.get(predicate)
