"""The generation prompt: system prompt, persona, verified memories, tool results, recent history.

Instructions live in the first system message; memories, persona and tool results are quoted data
in a second one (see :mod:`usermind.agent.data_frame`).  Small local models get the compact layout of
:mod:`usermind.prompts.chat_compact` instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from usermind.prompts.data_frame import data_message, frame

MEMORY_HEADER = "Things the user told you earlier:"
TOOL_HEADER = "Tool results (use them in your answer):"


def _stamp(ts: float | None) -> str:
    if not ts:
        return ""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d") + ": "


def memory_block(memories: list[dict[str, Any]]) -> str:
    return frame("memories", [f"{_stamp(m.get('ts'))}{m['text']}" for m in memories], MEMORY_HEADER)


def notes_block(notes: list[str]) -> str:
    return "Notes for this reply:\n" + "\n".join(f"- {n}" for n in notes) if notes else ""


def tool_lines(results: list[dict[str, Any]]) -> list[str]:
    return [
        f"{r['name']} on {r.get('platform', 'default')}({r.get('arguments', {})}) -> "
        + (str(r.get("output")) if r.get("ok") else f"failed: {r.get('error')}")
        for r in results
    ]


def tool_block(results: list[dict[str, Any]]) -> str:
    return frame("tool_results", tool_lines(results), TOOL_HEADER)


def persona_frame(persona_block: str) -> str:
    """The rendered persona (a lead line, then ``- attribute`` lines) as quoted data."""
    lines = [line.strip() for line in persona_block.splitlines() if line.strip()]
    if not lines:
        return ""
    return frame("persona", [line.removeprefix("- ") for line in lines[1:]], lines[0])


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
    system = "\n\n".join(s for s in (system_prompt, notes_block(notes)) if s)
    data = data_message(
        [
            ("memories", memory_block(memories)),
            ("persona", persona_frame(persona_block)),
            ("tool_results", tool_block(tool_results or [])),
        ]
    )
    recent = (
        [{"role": m["role"], "content": m["content"]} for m in history[-history_turns:]]
        if history_turns
        else []
    )
    return [{"role": "system", "content": system}, *data, *recent, {"role": "user", "content": message}]
