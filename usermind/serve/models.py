"""Request and response bodies of the HTTP API (the OpenAPI schema at ``/docs`` is built from these)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from usermind.memory.models import Memory


class ErrorBody(BaseModel):
    error: str = Field(description="one line naming the problem")


class ChatIn(BaseModel):
    message: str = Field(min_length=1)
    session: str = Field("main", description="conversation thread; resumes across restarts")


class MessageIn(BaseModel):
    role: Literal["user", "assistant"] = "user"
    content: str = Field(min_length=1)
    timestamp: float | None = Field(None, description="seconds since the epoch; default: now")


class AddMemoriesIn(BaseModel):
    messages: list[MessageIn] = Field(min_length=1, max_length=1000)
    session: str = "api"


class FactChangeOut(BaseModel):
    op: str
    id: str
    text: str
    previous_id: str | None = None


class AddMemoriesOut(BaseModel):
    turn_ids: list[str]
    facts: list[FactChangeOut] = Field(description="facts extracted and reconciled (LLM-free rules)")


class SearchHit(BaseModel):
    memory: Memory = Field(description="with the fused score and its components")
    kept: bool = Field(description="whether verification (Self-ReCheck) keeps it for this query")
    reason: str


class SearchOut(BaseModel):
    query: str
    personalize: bool
    reason: str
    results: list[SearchHit]


class MemoryPage(BaseModel):
    total: int
    offset: int
    items: list[Memory]


class PatchMemoryIn(BaseModel):
    text: str = Field(min_length=1)
    object: str | None = Field(None, description="the fact's new object (default: the text)")


class PersonaIn(BaseModel):
    attribute: str = Field(min_length=1, max_length=200)
    value: str = Field(min_length=1, max_length=2000)
    polarity: int = Field(1, ge=-1, le=1)


class FeedbackIn(BaseModel):
    answer: str = Field(min_length=1)
    query: str | None = Field(None, description="default: the user's last message")


class ReactionIn(BaseModel):
    item: str = Field(min_length=1, max_length=500)
    liked: bool


class Deleted(BaseModel):
    deleted: dict[str, int] = Field(default_factory=dict)


class Health(BaseModel):
    status: str
    detail: dict[str, Any] = Field(default_factory=dict)
