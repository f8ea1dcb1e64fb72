"""Moved to :mod:`usermind.prompts.chat` (every prompt lives in ``usermind/prompts/``)."""

from usermind.prompts.chat import (
    MEMORY_HEADER,
    TOOL_HEADER,
    build_messages,
    memory_block,
    notes_block,
    persona_frame,
    tool_block,
    tool_lines,
)

__all__ = [
    "MEMORY_HEADER",
    "TOOL_HEADER",
    "build_messages",
    "memory_block",
    "notes_block",
    "persona_frame",
    "tool_block",
    "tool_lines",
]
