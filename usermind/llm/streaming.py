"""Streamed generation: the reply's text deltas as the model produces them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from usermind.llm.client import LLMClient


async def text_deltas(
    client: LLMClient, messages: list[dict[str, Any]], **options: Any
) -> AsyncIterator[str]:
    """``litellm.acompletion(stream=True)``'s text deltas; the call is counted (with the usage of the
    stream's last chunk) once the stream ends.  Retries cover opening the stream only; a failure after
    it opened is a :class:`~usermind.errors.ModelError`.  The embedded provider answers in one delta."""
    if client.is_local:
        yield await client.acomplete(messages, **options)
        return
    stream = await client._aopen(
        messages=messages, stream=True, stream_options={"include_usage": True}, **options
    )
    usage: Any = None
    try:
        async for chunk in stream:
            usage = getattr(chunk, "usage", None) or usage
            delta = chunk.choices[0].delta.content if chunk.choices else None
            if delta:
                yield delta
    except Exception as exc:
        raise client._failed(exc) from exc
    client.meter.record(
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )
