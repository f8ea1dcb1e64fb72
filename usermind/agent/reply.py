"""What ``Agent.chat`` returns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from usermind.llm.usage import LLMUsage


class UsedMemory(BaseModel):
    id: str
    kind: str
    text: str
    score: float
    reason: str = ""


class Reply(BaseModel):
    text: str
    turn_id: str = Field(description="id of the stored user turn")
    reply_turn_id: str
    memories: list[UsedMemory] = Field(default_factory=list, description="memories the reply was given")
    personalized: bool = False
    reason: str = ""
    guards: list[dict[str, Any]] = Field(default_factory=list)
    tool_results: list[dict[str, Any]] = Field(default_factory=list)
    llm: LLMUsage = Field(default_factory=LLMUsage, description="LLM calls and tokens in this turn")
    latency_ms: float = 0.0

    @classmethod
    def from_state(cls, state: dict[str, Any], usage: LLMUsage, latency_ms: float) -> Reply:
        why = state.get("why", {})
        memories = (
            [
                UsedMemory(
                    id=m["id"],
                    kind=m["kind"],
                    text=m["text"],
                    score=m.get("score", 0.0),
                    reason=m.get("reason", ""),
                )
                for m in why.get("kept", [])
            ]
            if why.get("personalized")
            else []
        )
        return cls(
            text=state["reply"],
            turn_id=state["turn_id"],
            reply_turn_id=state["reply_turn_id"],
            memories=memories,
            personalized=bool(why.get("personalized")),
            reason=why.get("reason", ""),
            guards=why.get("guards", []),
            tool_results=why.get("tool_results", []),
            llm=usage,
            latency_ms=latency_ms,
        )
