"""The graph's nodes: plain functions of the state and the runtime context, reusable in other graphs.

Each returns only the keys it changes.  Every node reads its stores and models from
``runtime.context`` (an :class:`~usermind.agent.context.AgentContext`).
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from usermind.agent.context import AgentContext
from usermind.agent.prompts import build_messages
from usermind.agent.state import TurnState
from usermind.config import validate_user_id


def observe(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Persist the user turn (durable before anything else runs) and fix the turn's time."""
    user = validate_user_id(state["user_id"])
    now = state.get("now") or time.time()
    turn = runtime.context.memory.add_turn(user, state["session_id"], "user", state["message"], ts=now)
    return {
        "now": now,
        "turn_id": turn.id,
        "memories": [],
        "verification": {},
        "tool_selection": None,
        "tool_calls": [],
        "tool_results": [],
        "act_rounds": 0,
        "persona_block": "",
    }


def recall(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Hybrid retrieval over the user's turns and facts; the current turn itself is excluded."""
    ctx = runtime.context
    found = ctx.memory.recall(
        state["user_id"], state["message"], k=ctx.settings.recall_k + 1, now=state["now"]
    )
    current = state["turn_id"]
    kept = [m for m in found if m.id != current and current not in (m.source_ids or [])]
    return {"memories": [m.model_dump(mode="json") for m in kept[: ctx.settings.recall_k]]}


def verify(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Self-ReCheck: keep memories that help answer this message and decide whether to personalize."""
    from usermind.memory import Memory

    memories = [Memory.model_validate(m) for m in state.get("memories", [])]
    result = runtime.context.memory.verify(state["user_id"], state["message"], memories)
    return {"verification": result.model_dump(mode="json")}


def generate(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """One LLM call with the verified context (and tool results, when tools ran)."""
    ctx = runtime.context
    verification = state.get("verification") or {}
    kept = verification.get("kept", []) if verification.get("personalize", True) else []
    messages = build_messages(
        ctx.settings.system_prompt,
        message=state["message"],
        memories=kept if ctx.settings.personalization > 0 else [],
        guards=verification.get("guards", []),
        history=state.get("history", []),
        persona_block=state.get("persona_block", ""),
        tool_results=state.get("tool_results", []),
        history_turns=ctx.settings.history_turns,
    )
    text = ctx.llm.complete(
        messages, max_tokens=ctx.settings.max_new_tokens, temperature=ctx.settings.temperature
    )
    return {"reply": text.strip() or "(no answer)"}


def respond(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Persist the reply, record which memories it used and why, and extend the chat history."""
    ctx = runtime.context
    user = state["user_id"]
    reply_turn = ctx.memory.add_turn(user, state["session_id"], "assistant", state["reply"], ts=time.time())
    verification = state.get("verification") or {}
    used = [m["id"] for m in verification.get("kept", [])] if verification.get("personalize", True) else []
    if used:
        ctx.memory.note_used(user, used)
    why = {
        "turn_id": state["turn_id"],
        "reply_turn_id": reply_turn.id,
        "message": state["message"],
        "personalized": bool(verification.get("personalize", False)) and bool(used),
        "reason": verification.get("reason", ""),
        "kept": verification.get("kept", []),
        "dropped": verification.get("dropped", []),
        "guards": verification.get("guards", []),
        "tool_selection": state.get("tool_selection"),
        "tool_results": state.get("tool_results", []),
    }
    history = [
        {"role": "user", "content": state["message"]},
        {"role": "assistant", "content": state["reply"]},
    ]
    return {"reply_turn_id": reply_turn.id, "why": why, "history": history}


def remember(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Distil the turn into facts.  LLM-free extraction runs here (milliseconds); LLM extraction is
    left pending for the agent's background worker so it never blocks the reply."""
    ctx = runtime.context
    if not ctx.settings.llm_extraction:
        ctx.memory.remember(state["user_id"])
    return {}
