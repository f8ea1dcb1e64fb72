"""The turn state that flows through the graph and is checkpointed per conversation thread."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

MAX_HISTORY = 40


def append_history(
    left: list[dict[str, Any]] | None, right: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Reducer: append new chat messages, keep the last :data:`MAX_HISTORY`."""
    return [*(left or []), *(right or [])][-MAX_HISTORY:]


class TurnState(TypedDict, total=False):
    """Plain, JSON-friendly values only, so the SQLite checkpointer can store every field."""

    user_id: str
    session_id: str
    message: str
    now: float
    turn_id: str
    memories: list[dict[str, Any]]
    verification: dict[str, Any]
    persona_block: str
    clarify: str | None
    tool_selection: dict[str, Any] | None
    tool_calls: list[dict[str, Any]]
    tool_results: list[dict[str, Any]]
    act_rounds: int
    reply: str
    reply_source: dict[str, Any]
    reply_turn_id: str
    why: dict[str, Any]
    history: Annotated[list[dict[str, Any]], append_history]
