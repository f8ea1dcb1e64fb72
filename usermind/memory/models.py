"""Pydantic models that cross the memory system's boundary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["user", "assistant"]
MemoryKind = Literal["turn", "fact", "graph"]  # graph: a knowledge-graph triple the agent adds


class TurnIn(BaseModel):
    """One turn to ingest (batched path: evals, imports)."""

    session_id: str
    role: Role = "user"
    text: str
    ts: float | Literal["unknown"] | None = Field(
        None, description='seconds since the epoch; None: now; "unknown": the source has no time'
    )
    speaker: str | None = None
    source_id: str | None = None
    caption: str | None = Field(None, description="a description of an image the turn shared")


class Turn(BaseModel):
    """An episodic memory: one stored turn of a dialogue."""

    id: str
    user_id: str
    session_id: str
    seq: int = Field(description="position of the turn among all of the user's turns")
    role: Role
    speaker: str | None = None
    text: str
    caption: str | None = None
    ts: float | None = Field(description="seconds since the epoch; None when the source had no time")
    source_id: str | None = None
    extracted: bool = False


class Fact(BaseModel):
    """A semantic memory with provenance and bi-temporal validity."""

    id: str
    user_id: str
    subject: str
    predicate: str
    object: str
    text: str
    confidence: float = 1.0
    source_ids: list[str] = Field(default_factory=list)
    valid_from: float
    valid_to: float | None = None
    invalidated_by: str | None = None
    recorded_at: float
    method: Literal["rules", "llm", "manual"] = "rules"

    @property
    def is_valid(self) -> bool:
        return self.valid_to is None


class FactChange(BaseModel):
    """What reconciliation did with one candidate fact."""

    op: Literal["add", "update", "invalidate", "noop"]
    fact: Fact
    previous: Fact | None = None
    reason: str = ""


class Memory(BaseModel):
    """A recalled memory with its fused score, the score's components and its provenance."""

    id: str
    kind: MemoryKind
    text: str
    score: float = 0.0
    components: dict[str, float] = Field(default_factory=dict)
    ts: float | None = None
    source_ids: list[str] = Field(default_factory=list)
    session_id: str | None = None
    speaker: str | None = None
    valid_to: float | None = Field(None, description="facts only: when the fact stopped holding")
    invalidated_by: str | None = None


class DroppedMemory(BaseModel):
    memory: Memory
    reason: str


class Guard(BaseModel):
    kind: Literal["sycophancy", "repetition"]
    message: str
    memory_ids: list[str] = Field(default_factory=list)


class Verification(BaseModel):
    """The Self-ReCheck decision for one message."""

    kept: list[Memory] = Field(default_factory=list)
    dropped: list[DroppedMemory] = Field(default_factory=list)
    personalize: bool = False
    reason: str = ""
    guards: list[Guard] = Field(default_factory=list)
    mode: Literal["rules", "llm"] = "rules"
    request: bool | None = Field(
        None,
        description="whether the message asks for a recommendation, plan, choice or advice (for the user "
        "or someone else), as recall and verification told it: wording rules and the message-kind "
        "classifier; None: not told (the LLM verifier)",
    )
