"""The graph's nodes: plain functions of the state and the runtime context, reusable in other graphs.

Each returns only the keys it changes.  Every node reads its stores and models from
``runtime.context`` (an :class:`~usermind.agent.context.AgentContext`).
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from usermind.agent.context import AgentContext
from usermind.agent.generate import generate
from usermind.agent.state import TurnState
from usermind.config import validate_user_id
from usermind.memory.recall_filter import RecallFilter

__all__ = ["observe", "recall", "verify", "personalize", "generate", "respond", "remember"]

ASSISTANT = "assistant"


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
        "clarify": None,
    }


def recall(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Hybrid retrieval over the user's turns and facts; the current turn itself is excluded."""
    ctx = runtime.context
    current = state["turn_id"]
    # the turn itself is not a memory; the assistant's own replies only when asked for
    where = RecallFilter(
        skip_ids=frozenset({current}),
        skip_speakers=frozenset() if ctx.settings.recall_replies else frozenset({ASSISTANT}),
    )
    found = ctx.memory.recall(
        state["user_id"], state["message"], k=ctx.settings.recall_k, now=state["now"], where=where
    )
    kept = [m for m in found if current not in (m.source_ids or [])]  # nor a fact distilled from it
    kept += _graph_memories(ctx, state["user_id"], state["message"])
    return {"memories": [m.model_dump(mode="json") for m in kept]}


def _graph_memories(ctx: AgentContext, user: str, message: str) -> list[Any]:
    """Triples the user's feedback put in their graph (KGT, edits) that share words with the message;
    scored by cosine so verification judges them like any other memory.  Triples mirrored from
    facts are skipped: recall already returns those facts."""
    from usermind.graphs.slice import MIRRORED, describe, relevant_triples
    from usermind.memory import Memory

    if ctx.graph is None:
        return []
    own = [t for t in ctx.graph_for(user).triples() if t.provenance.source != MIRRORED]
    triples = relevant_triples(own, message, limit=3)
    if not triples:
        return []
    texts = [describe(t) for t in triples]
    vectors = ctx.memory.embedder.embed([message, *texts])
    return [
        Memory(
            id=t.id,
            kind="graph",
            text=text,
            score=float(vectors[0] @ vec),
            components={"dense": float(vectors[0] @ vec), "graph": t.weight},
            ts=t.valid_from,
            source_ids=[*t.provenance.turn_ids, *t.provenance.feedback_ids],
        )
        for t, text, vec in zip(triples, texts, vectors[1:], strict=True)
    ]


def verify(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Self-ReCheck: keep memories that help answer this message and decide whether to personalize."""
    from usermind.memory import Memory

    memories = [Memory.model_validate(m) for m in state.get("memories", [])]
    result = runtime.context.memory.verify(state["user_id"], state["message"], memories)
    return {"verification": result.model_dump(mode="json")}


def personalize(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Condition on the persona with degree α; generic (α = 0) where verification found no personal
    data that applies.  May set one clarifying question (cold start)."""
    ctx = runtime.context
    if ctx.persona is None:
        return {"persona_block": "", "clarify": None}
    user, message = state["user_id"], state["message"]
    verification = state.get("verification") or {}
    alpha = ctx.settings.personalization if verification.get("personalize", False) else 0.0
    clarify = ctx.persona.clarifying_question(user, message, verification.get("request"))
    asked = [m["content"] for m in state.get("history", []) if m["role"] == "assistant"][-1:]
    if clarify in asked:  # one clarifying question, not the same one twice in a row
        clarify = None
    return {"persona_block": ctx.persona.render(user, alpha), "clarify": clarify}


def respond(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Persist the reply, record which memories it used and why, and extend the chat history."""
    ctx = runtime.context
    user = state["user_id"]
    reply_turn = ctx.memory.add_turn(
        user, state["session_id"], "assistant", state["reply"], ts=time.time(), speaker=ASSISTANT
    )
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
        "reply_source": state.get("reply_source") or {"source": "model"},
    }
    history = [
        {"role": "user", "content": state["message"]},
        {"role": "assistant", "content": state["reply"]},
    ]
    return {"reply_turn_id": reply_turn.id, "why": why, "history": history}


def remember(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Distil the turn into facts, graph triples and persona attributes.  LLM-free extraction runs
    here (milliseconds); LLM extraction is left to the agent's background worker so it never
    blocks the reply."""
    from usermind.agent.learning import consolidate

    ctx = runtime.context
    if ctx.persona is not None:
        ctx.persona.observe_message(state["user_id"], state["message"], turn_id=state["turn_id"])
    if not ctx.settings.llm_extraction:
        consolidate(
            ctx.memory, ctx.graph_for if ctx.graph is not None else None, ctx.persona, state["user_id"]
        )
    return {}
