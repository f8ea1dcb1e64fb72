"""litellm provider for the embedded models: ``local/smollm2`` works like any other model string."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from litellm.llms.custom_llm import CustomLLM
from litellm.types.utils import Choices, Message, ModelResponse, Usage

from usermind.llm.local_model import get_engine


def _schema_from(response_format: Any) -> dict[str, Any] | None:
    """The JSON schema inside an OpenAI-style ``response_format``, if any."""
    if not isinstance(response_format, dict):
        return None
    if response_format.get("type") == "json_schema":
        return (response_format.get("json_schema") or {}).get("schema")
    if response_format.get("type") == "json_object":
        return response_format.get("schema") or {"type": "object"}
    return None


class LocalProvider(CustomLLM):
    """Serves chat completions from :func:`usermind.llm.local_model.get_engine`."""

    def completion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        params = kwargs.get("optional_params") or {}
        name = model.split("/", 1)[-1]
        engine = get_engine(name)
        stop = params.get("stop")
        generation = engine.chat(
            [{"role": m["role"], "content": m.get("content") or ""} for m in messages],
            max_tokens=int(params.get("max_tokens") or params.get("max_completion_tokens") or 256),
            temperature=float(params.get("temperature", 0.2)),
            json_schema=_schema_from(params.get("response_format")),
            stop=[stop] if isinstance(stop, str) else stop,
        )
        response: Any = kwargs.get("model_response") or ModelResponse()
        response.choices = [Choices(index=0, finish_reason="stop", message=Message(content=generation.text))]
        response.model = model
        response.created = int(time.time())
        response.usage = Usage(
            prompt_tokens=generation.prompt_tokens,
            completion_tokens=generation.completion_tokens,
            total_tokens=generation.prompt_tokens + generation.completion_tokens,
        )
        return response

    async def acompletion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        return await asyncio.to_thread(self.completion, model, messages, *args, **kwargs)
