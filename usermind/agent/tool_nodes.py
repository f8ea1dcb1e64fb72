"""Tool nodes: ``select_tools`` (LLM-free choice by learned preference, arguments from the message
and the profile) and ``act`` (validated execution), plus the routing between them and ``generate``."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from usermind.agent.context import AgentContext
from usermind.agent.state import TurnState

MAX_ACT_ROUNDS = 3


def _has_tools(ctx: AgentContext) -> bool:
    return ctx.tools is not None and len(ctx.tools) > 0


def select_tools(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Pick the tool the user would pick.  A model with native function calling chooses in
    ``generate`` instead; preferences stated in the message are learned first."""
    from usermind.tools import select_tools as choose

    ctx = runtime.context
    if not _has_tools(ctx) or ctx.tools is None:
        return {"tool_selection": None, "tool_calls": []}
    user, message = state["user_id"], state["message"]
    platforms = sorted({spec.platform for spec in ctx.tools.specs()})
    if ctx.tool_prefs is not None:
        ctx.tool_prefs.learn_from_message(user, message, platforms)
    if ctx.llm.supports_tools():
        return {"tool_selection": None, "tool_calls": []}
    profile = ctx.persona.get(user).as_profile() if ctx.persona is not None else None
    selection = choose(
        user, message, ctx.tools, ctx.tool_prefs, profile, min_score=ctx.settings.tool_min_score
    )
    if selection is None:
        return {"tool_selection": None, "tool_calls": []}
    calls = [] if selection.missing else [{"name": selection.tool, "arguments": selection.arguments}]
    return {"tool_selection": selection.model_dump(mode="json"), "tool_calls": calls}


def act(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Run the pending tool calls with argument validation; failures come back as results."""
    from usermind.tools import ToolCall
    from usermind.tools.context import acting_for

    ctx = runtime.context
    assert ctx.tools is not None, "act runs only when tools are configured"
    results = []
    for call in state.get("tool_calls", []):
        with acting_for(state["user_id"]):
            result = ctx.tools.execute(ToolCall(name=call["name"], arguments=call.get("arguments", {})))
        results.append(result.model_dump(mode="json"))
        if result.ok and ctx.tool_prefs is not None:
            ctx.tool_prefs.pick(state["user_id"], result.platform, ctx.tools.get(result.name).group_key)
    return {
        "tool_results": [*state.get("tool_results", []), *results],
        "tool_calls": [],
        "act_rounds": state.get("act_rounds", 0) + 1,
    }


def wants_native_tools(state: TurnState, ctx: AgentContext) -> bool:
    return _has_tools(ctx) and ctx.llm.supports_tools() and state.get("act_rounds", 0) < MAX_ACT_ROUNDS


def after_select(state: TurnState) -> Literal["act", "generate"]:
    return "act" if state.get("tool_calls") else "generate"


def after_generate(state: TurnState) -> Literal["act", "respond"]:
    pending = state.get("tool_calls") and state.get("act_rounds", 0) < MAX_ACT_ROUNDS
    return "act" if pending else "respond"
