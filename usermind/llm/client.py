"""One path for every generation: litellm, with tenacity retries, timeouts and usage counting;
the embedded ``local/…`` models are answered in-process (:mod:`usermind.llm.local_completion`).

litellm is imported on the first remote model call, not with this module: its import costs about
3.5 CPU-seconds, which neither an acknowledged statement nor a local reply should pay.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry, retry_if_exception, stop_after_attempt, wait_exponential

from usermind.errors import ModelError, StructuredOutputError
from usermind.llm.json_output import parse_json_object
from usermind.llm.litellm_calls import (
    _first_line,
    _litellm,
    _text_and_calls,
    _transient,
    check_model,
    remote_logprob,
)
from usermind.llm.local_completion import local_response
from usermind.llm.local_model import LOCAL_PROVIDER, get_engine
from usermind.llm.usage import UsageMeter
from usermind.prompts import render

T = TypeVar("T", bound=BaseModel)


class LLMClient:
    """Chat completion, structured output and continuation scoring for one model string."""

    def __init__(
        self,
        model: str,
        *,
        timeout: float = 120.0,
        retries: int = 2,
        repair_retries: int = 1,
        meter: UsageMeter | None = None,
        **litellm_kwargs: Any,
    ):
        self.model = check_model(model)
        self.timeout = timeout
        self.retries = retries
        self.repair_retries = repair_retries
        self.meter = meter or UsageMeter()
        self.litellm_kwargs = litellm_kwargs  # e.g. api_base, api_key, mock_response (tests)

    @property
    def is_local(self) -> bool:
        return self.model.startswith(f"{LOCAL_PROVIDER}/")

    def _retry_policy(self) -> dict[str, Any]:
        """tenacity's arguments for a model call, sync or async: transient errors only, backing off."""
        return {
            "retry": retry_if_exception(_transient),
            "stop": stop_after_attempt(self.retries + 1),
            "wait": wait_exponential(multiplier=0.5, max=8),
            "reraise": True,
        }

    @property
    def _direct(self) -> bool:
        """Answer in-process, without litellm: a local model and no litellm-only options (a
        ``mock_response``, an ``api_base``) — see :mod:`usermind.llm.local_completion`."""
        return self.is_local and not self.litellm_kwargs

    def _call(self, **kwargs: Any) -> Any:
        if self._direct:
            try:
                return self._counted(local_response(self.model, **kwargs))
            except Exception as exc:
                raise self._failed(exc) from exc

        @retry(**self._retry_policy())
        def attempt() -> Any:
            return _litellm().completion(
                model=self.model, timeout=self.timeout, **self.litellm_kwargs, **kwargs
            )

        try:
            response = attempt()
        except Exception as exc:
            raise self._failed(exc) from exc
        return self._counted(response)

    async def _acall(self, **kwargs: Any) -> Any:
        """:meth:`_call` on ``litellm.acompletion``: the event loop is free while the model answers."""
        return self._counted(await self._aopen(**kwargs))

    async def _aopen(self, **kwargs: Any) -> Any:
        """``litellm.acompletion`` with retries on transient errors; failures are :class:`ModelError`."""
        if self._direct:  # llama.cpp is synchronous: it runs in the loop's default executor
            try:
                return await asyncio.to_thread(local_response, self.model, **kwargs)
            except Exception as exc:
                raise self._failed(exc) from exc
        retrying = AsyncRetrying(**self._retry_policy())
        try:
            async for attempt in retrying:
                with attempt:
                    response = await _litellm().acompletion(
                        model=self.model, timeout=self.timeout, **self.litellm_kwargs, **kwargs
                    )
        except Exception as exc:
            raise self._failed(exc) from exc
        return response

    def _failed(self, exc: Exception) -> ModelError:
        self.meter.record(failed=True)
        if isinstance(exc, ModelError):
            return exc
        return ModelError(f"model {self.model!r} failed: {_first_line(exc)}")

    def _counted(self, response: Any) -> Any:
        usage = getattr(response, "usage", None)
        self.meter.record(
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )
        return response

    def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> str:
        response = self._call(messages=messages, max_tokens=max_tokens, temperature=temperature, **kwargs)
        return response.choices[0].message.content or ""

    def complete_with_tools(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> tuple[str, list[dict[str, Any]]]:
        """Text and tool calls (``[{"name", "arguments"}]``) of one function-calling completion."""
        # _skip_mcp_handler: litellm 1.106 otherwise imports its MCP proxy (and the `mcp` package)
        # for any request with tools; usermind's tools are plain functions.
        response = self._call(
            messages=messages,
            tools=tools,
            max_tokens=max_tokens,
            temperature=temperature,
            _skip_mcp_handler=True,
            **kwargs,
        )
        return _text_and_calls(response)

    async def acomplete_with_tools(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> tuple[str, list[dict[str, Any]]]:
        """:meth:`complete_with_tools` through ``litellm.acompletion``."""
        response = await self._acall(
            messages=messages,
            tools=tools,
            max_tokens=max_tokens,
            temperature=temperature,
            _skip_mcp_handler=True,
            **kwargs,
        )
        return _text_and_calls(response)

    def supports_tools(self) -> bool:
        """Whether litellm knows this model to accept ``tools=`` (the local model does not)."""
        if self.is_local:
            return False
        try:
            return bool(_litellm().supports_function_calling(model=self.model))
        except Exception:
            return False

    async def acomplete(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> str:
        """:meth:`complete` through ``litellm.acompletion`` (truly async for remote providers; the
        local provider runs llama.cpp in the event loop's bounded default executor)."""
        response = await self._acall(
            messages=messages, max_tokens=max_tokens, temperature=temperature, **kwargs
        )
        return response.choices[0].message.content or ""

    def astream(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> AsyncIterator[str]:
        """:meth:`acomplete` as text deltas while the model produces them (see
        :func:`usermind.llm.streaming.text_deltas`)."""
        from usermind.llm.streaming import text_deltas

        return text_deltas(self, messages, max_tokens=max_tokens, temperature=temperature, **kwargs)

    def structured(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> T:
        """A validated ``schema`` instance; malformed output gets ``repair_retries`` repair turns."""
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False},
        }
        convo = list(messages)
        error = "no attempt made"
        for _ in range(self.repair_retries + 1):
            text = self.complete(
                convo, max_tokens=max_tokens, temperature=temperature, response_format=response_format
            )
            try:
                return schema.model_validate(parse_json_object(text))
            except (ValueError, ValidationError) as exc:
                error = _first_line(exc)
                convo = [
                    *messages,
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": render("json_repair", error=error)},
                ]
        raise StructuredOutputError(
            f"model {self.model!r} did not return a valid {schema.__name__} after "
            f"{self.repair_retries} repair attempt(s): {error}"
        )

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]:
        """Sum of token log-probabilities of each continuation given ``prompt``."""
        if self.is_local:
            values = get_engine(self.model.split("/", 1)[1]).logprobs(prompt, continuations)
            self.meter.record(prompt_tokens=0, completion_tokens=0)
            return values
        values = []
        for continuation in continuations:
            values.append(remote_logprob(self.model, prompt, continuation, self.timeout, self.litellm_kwargs))
            self.meter.record()
        return values
