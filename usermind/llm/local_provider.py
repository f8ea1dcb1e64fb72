"""litellm provider for the embedded models: ``local/smollm2`` works like any other model string
inside litellm too (the client calls the models directly, see :mod:`usermind.llm.local_completion`)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from litellm.llms.custom_llm import CustomLLM
from litellm.types.utils import Choices, Message, ModelResponse, Usage

from usermind.llm.local_completion import generate


class LocalProvider(CustomLLM):
    """Serves chat completions from :func:`usermind.llm.local_completion.generate`."""

    def completion(self, model: str, messages: list, *args: Any, **kwargs: Any) -> ModelResponse:
        generation = generate(model, messages, kwargs.get("optional_params") or {})
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
