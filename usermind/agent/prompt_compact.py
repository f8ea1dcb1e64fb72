"""Moved to :mod:`usermind.prompts.chat_compact` (every prompt lives in ``usermind/prompts/``)."""

from usermind.prompts.chat_compact import (
    MAX_FACTS,
    build_compact_messages,
    compact_facts,
    instruction,
    reply_language,
)

__all__ = ["MAX_FACTS", "build_compact_messages", "compact_facts", "instruction", "reply_language"]
