"""The ``generate`` node: one LLM call with the verified context and tool results.

With the compact profile (small local models) a message that only tells something gets an
acknowledgement of what was remembered, and a reply that fails :func:`reply_problem` is regenerated
once with a stricter setting, then replaced by a fallback built from the kept memories; so is a reply
to a question about the user that names none of the kept facts' answer words.  How the
reply came about is recorded in ``reply_source`` (shown by ``/why``).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import StreamWriter

from usermind.agent.context import AgentContext
from usermind.agent.generation_profile import GenerationProfile, choose_profile, strict
from usermind.agent.grounded import acknowledgement, grounded_fallback, is_statement
from usermind.agent.message import for_prompt
from usermind.agent.person import address_user
from usermind.agent.reply_quality import ignores_memory, reply_problem
from usermind.agent.state import TurnState
from usermind.agent.tool_nodes import wants_native_tools
from usermind.prompts.chat import build_messages
from usermind.prompts.chat_compact import build_compact_messages, compact_facts, reply_language


def _inputs(state: TurnState, ctx: AgentContext) -> tuple[list[dict[str, Any]], list[str]]:
    """The kept memories (none when verification says not to personalize) and the notes."""
    verification = state.get("verification") or {}
    kept = verification.get("kept", []) if verification.get("personalize", True) else []
    if ctx.settings.personalization <= 0:
        kept = []
    notes = [g["message"] for g in verification.get("guards", [])]
    selection = state.get("tool_selection") or {}
    if selection.get("missing"):
        notes.append(f"To use {selection['tool']}, ask the user for: {', '.join(selection['missing'])}.")
    return kept, notes


@dataclass
class Ask:
    """One model call the node needs answered: plain text, or text and tool calls when ``tools``."""

    messages: list[dict[str, Any]]
    options: dict[str, Any]
    tools: list[dict[str, Any]] | None = None
    attempt: int = 0  # 1: the stricter regeneration of a reply that failed the check


Steps = Generator[Ask, Any, dict[str, Any]]


def _ask(messages: list[dict[str, Any]], profile: GenerationProfile, attempt: int = 0) -> Ask:
    options: dict[str, Any] = {"max_tokens": profile.max_new_tokens, "temperature": profile.temperature}
    if profile.stop:
        options["stop"] = profile.stop
    return Ask(messages, options, attempt=attempt)


def _answer(ctx: AgentContext, ask: Ask) -> Any:
    if ask.tools is not None:
        return ctx.llm.complete_with_tools(ask.messages, ask.tools, **ask.options)
    return ctx.llm.complete(ask.messages, **ask.options).strip()


async def _aanswer(ctx: AgentContext, ask: Ask, write: StreamWriter) -> Any:
    if ask.tools is not None:  # text or tool calls: not streamed; a text answer is one token
        text, calls = await ctx.llm.acomplete_with_tools(ask.messages, ask.tools, **ask.options)
        if ctx.stream_tokens and text and not calls:
            write({"token": text, "attempt": ask.attempt})
        return text, calls
    stream = getattr(ctx.llm, "astream", None) if ctx.stream_tokens else None
    if stream is None:
        text = await ctx.llm.acomplete(ask.messages, **ask.options)
        if ctx.stream_tokens:  # a chat model without streaming: the whole text as one token
            write({"token": text, "attempt": ask.attempt})
        return text.strip()
    parts = []
    async for delta in stream(ask.messages, **ask.options):
        parts.append(delta)
        write({"token": delta, "attempt": ask.attempt})
    return "".join(parts).strip()


def generate(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """One LLM call with the verified context; a function-calling model may answer with tool calls
    instead, which route to ``act`` and back here."""
    steps = _steps(state, runtime.context)
    try:
        ask = next(steps)
        while True:
            ask = steps.send(_answer(runtime.context, ask))
    except StopIteration as done:
        return done.value


async def agenerate(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """:func:`generate` for ``graph.ainvoke``: the model calls go through ``litellm.acompletion``.
    With ``context.stream_tokens`` a text answer streams: each delta goes to LangGraph's custom stream
    as ``{"token": text, "attempt": n}`` (provisional: the reply is the stripped, checked text, and a
    regeneration starts over with ``attempt`` 1)."""
    steps = _steps(state, runtime.context)
    try:
        ask = next(steps)
        while True:
            ask = steps.send(await _aanswer(runtime.context, ask, runtime.stream_writer))
    except StopIteration as done:
        return done.value


def _steps(state: TurnState, ctx: AgentContext) -> Steps:
    """The node's logic without I/O: yields each :class:`Ask` and receives the model's answer."""
    if state.get("clarify") and not state.get("tool_results"):  # cold start: ask, no LLM call
        return {"reply": state["clarify"], "tool_calls": [], "reply_source": {"source": "clarify"}}
    profile = choose_profile(ctx.settings, ctx.llm.model)
    kept, notes = _inputs(state, ctx)
    message = for_prompt(state["message"], ctx.settings.max_prompt_message_chars)
    calm = not state.get("tool_results") and not (state.get("tool_selection") or {}).get("missing")
    if profile.acknowledge and calm and is_statement(message):
        text, facts = acknowledgement(message)
        record = {"source": "acknowledgement", "facts": facts}
        return {"reply": text, "tool_calls": [], "reply_source": record}
    if profile.layout == "compact":
        return (yield from _compact(state, ctx, profile, kept, notes))
    messages = build_messages(
        ctx.settings.system_prompt,
        message=message,
        memories=kept,
        notes=notes,
        history=state.get("history", []),
        persona_block=state.get("persona_block", ""),
        tool_results=state.get("tool_results", []),
        history_turns=ctx.settings.history_turns,
    )
    if wants_native_tools(state, ctx) and ctx.tools is not None:
        options = {"max_tokens": profile.max_new_tokens, "temperature": profile.temperature}
        text, calls = yield Ask(messages, options, ctx.tools.openai_tools())
        if calls:
            return {"reply": text.strip(), "tool_calls": calls, "reply_source": {"source": "model"}}
    else:
        text = yield _ask(messages, profile)
    return {"reply": text.strip() or "(no answer)", "tool_calls": [], "reply_source": {"source": "model"}}


def _compact(
    state: TurnState,
    ctx: AgentContext,
    profile: GenerationProfile,
    kept: list[dict[str, Any]],
    notes: list[str],
) -> Steps:
    """Compact prompt, reply check, one stricter regeneration, then the memory-grounded fallback."""
    message = for_prompt(state["message"], ctx.settings.max_prompt_message_chars)
    language = reply_language(message, ctx.settings.reply_language)
    earlier = [m["content"] for m in state.get("history", []) if m["role"] == "assistant"]
    request = (state.get("verification") or {}).get("request")
    problems: list[str] = []
    for attempt, setting in enumerate((profile, strict(profile))):
        messages = build_compact_messages(
            message=message,
            memories=kept,
            notes=notes,
            tool_results=state.get("tool_results", []),
            language=language,
            strict=attempt > 0,
        )
        text = address_user((yield _ask(messages, setting, attempt)))
        problem = reply_problem(text, english=language == "English", earlier=earlier)
        problem = problem or ignores_memory(message, text, compact_facts(kept), request)
        if problem is None:
            source = "model" if attempt == 0 else "regenerated"
            return {"reply": text, "tool_calls": [], "reply_source": {"source": source, "problems": problems}}
        problems.append(problem)
    record = {"source": "fallback", "problems": problems, "memory_ids": [m["id"] for m in kept]}
    return {"reply": grounded_fallback(kept), "tool_calls": [], "reply_source": record}
