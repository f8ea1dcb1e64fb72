"""The embedded models answered in-process, without litellm.

A ``local/<name>`` call needs nothing litellm does for remote providers (routing, HTTP, retries on
transient errors), and importing litellm costs about 3 CPU-seconds: a third of a fresh chat's first
generated reply.  :class:`~usermind.llm.client.LLMClient` therefore calls :func:`local_response`
directly; litellm's custom provider (:mod:`usermind.llm.local_provider`) runs the same
:func:`generate`, for calls that want litellm's extras (``mock_response`` in tests, callbacks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from usermind.llm.local_model import Generation, get_engine


def _schema_from(response_format: Any) -> dict[str, Any] | None:
    """The JSON schema inside an OpenAI-style ``response_format``, if any."""
    if not isinstance(response_format, dict):
        return None
    if response_format.get("type") == "json_schema":
        return (response_format.get("json_schema") or {}).get("schema")
    if response_format.get("type") == "json_object":
        return response_format.get("schema") or {"type": "object"}
    return None


def generate(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> Generation:
    """One chat completion of local model ``model`` (``local/<name>`` or ``<name>``) with OpenAI-style
    ``params`` (max_tokens, temperature, response_format, stop; others are ignored)."""
    engine = get_engine(model.split("/", 1)[-1])
    stop = params.get("stop")
    return engine.chat(
        [{"role": m["role"], "content": m.get("content") or ""} for m in messages],
        max_tokens=int(params.get("max_tokens") or params.get("max_completion_tokens") or 256),
        temperature=float(params.get("temperature", 0.2)),
        json_schema=_schema_from(params.get("response_format")),
        stop=[stop] if isinstance(stop, str) else stop,
    )


@dataclass(frozen=True)
class LocalMessage:
    content: str
    tool_calls: None = None


@dataclass(frozen=True)
class LocalChoice:
    message: LocalMessage
    index: int = 0
    finish_reason: str = "stop"


@dataclass(frozen=True)
class LocalUsage:
    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class LocalResponse:
    """The part of an OpenAI chat completion the client reads: ``choices[0].message`` and ``usage``."""

    model: str
    usage: LocalUsage
    choices: list[LocalChoice] = field(default_factory=list)


def local_response(model: str, messages: list[dict[str, Any]], **params: Any) -> LocalResponse:
    """:func:`generate` shaped like the chat completion litellm would have returned."""
    generation = generate(model, messages, params)
    return LocalResponse(
        model=model,
        usage=LocalUsage(generation.prompt_tokens, generation.completion_tokens),
        choices=[LocalChoice(LocalMessage(generation.text))],
    )
