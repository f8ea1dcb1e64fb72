"""Normalising one incoming user message before it is stored: always text, never a crash."""

from __future__ import annotations

from usermind.errors import ConfigError

REPLACEMENT = "\ufffd"


def clean_message(text: object, limit: int) -> str:
    """The message as it will be stored: bytes decoded as UTF-8 with replacement characters, NUL
    characters replaced (C libraries behind the model would cut the text there), unpaired
    surrogates replaced, surrounding whitespace stripped.  Raises a one-line
    :class:`~usermind.errors.ConfigError` for an empty message or one over ``limit`` characters
    (refused before anything is stored: raise ``max_message_chars`` or split it)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        raise ConfigError(f"message must be text, not {type(text).__name__}")
    text = text.replace("\x00", REPLACEMENT).encode("utf-8", errors="replace").decode("utf-8").strip()
    if not text:
        raise ConfigError("message is empty")
    if len(text) > limit:
        raise ConfigError(
            f"message too long: {len(text):,} characters, the limit is {limit:,} "
            "(setting max_message_chars); nothing was stored"
        )
    return text


def for_prompt(text: str, limit: int) -> str:
    """The message as the model sees it: cut to ``limit`` characters with a note saying so (the
    stored turn keeps every character; only the prompt is shortened to fit the model's context)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n[… {len(text) - limit:,} more characters of this message not shown]"
