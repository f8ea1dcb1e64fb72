"""The generation prompt: system prompt, persona, verified memories, tool results, recent history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

MEMORY_HEADER = "Things the user told you earlier:"


def _stamp(ts: float | None) -> str:
    if not ts:
        return ""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d") + ": "


def memory_block(memories: list[dict[str, Any]]) -> str:
    lines = [f"- {_stamp(m.get('ts'))}{m['text']}" for m in memories]
    return MEMORY_HEADER + "\n" + "\n".join(lines) if lines else ""


def notes_block(notes: list[str]) -> str:
    return "Notes for this reply:\n" + "\n".join(f"- {n}" for n in notes) if notes else ""


def tool_block(results: list[dict[str, Any]]) -> str:
    if not results:
        return ""
    lines = [
        f"- {r['name']} on {r.get('platform', 'default')}({r.get('arguments', {})}) -> "
        + (str(r.get("output")) if r.get("ok") else f"failed: {r.get('error')}")
        for r in results
    ]
    return "Tool results (use them in your answer):\n" + "\n".join(lines)


def build_messages(
    system_prompt: str,
    *,
    message: str,
    memories: list[dict[str, Any]],
    notes: list[str],
    history: list[dict[str, Any]],
    persona_block: str = "",
    tool_results: list[dict[str, Any]] | None = None,
    history_turns: int = 6,
) -> list[dict[str, str]]:
    """The chat messages for one generation call."""
    sections = [system_prompt, memory_block(memories)]
    sections += [persona_block, notes_block(notes), tool_block(tool_results or [])]
    system = "\n\n".join(s for s in sections if s)
    recent = (
        [{"role": m["role"], "content": m["content"]} for m in history[-history_turns:]]
        if history_turns
        else []
    )
    return [{"role": "system", "content": system}, *recent, {"role": "user", "content": message}]
