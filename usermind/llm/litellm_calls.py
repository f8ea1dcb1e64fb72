"""litellm behind the client: the lazy import, which failures are worth retrying, reading a response's
text and tool calls, routing checks of model strings, and prompt log-probabilities from a remote
provider."""

from __future__ import annotations

import json
from typing import Any

from usermind.errors import ModelError, ScoringUnsupportedError
from usermind.llm.local_model import LOCAL_MODELS, LOCAL_PROVIDER


def _litellm() -> Any:
    """litellm, set up offline with the local provider registered (imported once, on first use)."""
    from usermind.llm.litellm_setup import litellm

    return litellm


def _transient(exc: BaseException) -> bool:
    """A failure worth retrying (time-out, connection, rate limit, provider unavailable)."""
    errors = _litellm().exceptions
    return isinstance(
        exc,
        (
            errors.Timeout,
            errors.APIConnectionError,
            errors.RateLimitError,
            errors.ServiceUnavailableError,
            errors.InternalServerError,
        ),
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _text_and_calls(response: Any) -> tuple[str, list[dict[str, Any]]]:
    message = response.choices[0].message
    calls = []
    for call in getattr(message, "tool_calls", None) or []:
        try:
            arguments = json.loads(call.function.arguments or "{}")
        except json.JSONDecodeError:
            arguments = {"__unparsed__": call.function.arguments}
        calls.append({"name": call.function.name, "arguments": arguments})
    return message.content or "", calls


def check_model(model: str) -> str:
    """Raise :class:`ModelError` naming the problem if litellm cannot route ``model``."""
    if model.startswith(f"{LOCAL_PROVIDER}/"):
        name = model.split("/", 1)[1]
        if name not in LOCAL_MODELS:
            raise ModelError(
                f"unknown local model {model!r}; available: local/{', local/'.join(LOCAL_MODELS)}"
            )
        return model
    try:
        _litellm().get_llm_provider(model)
    except Exception:
        raise ModelError(
            f"unknown model string {model!r}: use provider/model, e.g. openai/gpt-4o-mini, "
            "ollama/llama3.1, hosted_vllm/NAME or local/smollm2"
        ) from None
    return model


def remote_logprob(
    model: str, prompt: str, continuation: str, timeout: float | None, litellm_kwargs: dict[str, Any]
) -> float:
    """Sum of the log-probabilities of ``continuation``'s tokens after ``prompt``, from a provider that
    echoes prompt log-probabilities."""
    try:
        response = _litellm().text_completion(
            model=model,
            prompt=prompt + continuation,
            echo=True,
            logprobs=0,
            max_tokens=0,
            timeout=timeout,
            **litellm_kwargs,
        )
    except Exception as exc:
        raise ScoringUnsupportedError(
            f"model {model!r} cannot score continuations: {_first_line(exc)}"
        ) from None
    logprobs = getattr(response.choices[0], "logprobs", None)
    offsets = getattr(logprobs, "text_offset", None) if logprobs else None
    token_lps = getattr(logprobs, "token_logprobs", None) if logprobs else None
    if not offsets or not token_lps:
        raise ScoringUnsupportedError(
            f"model {model!r} returned no prompt log-probabilities; scoring needs a provider "
            "that echoes them (OpenAI completions, vLLM, llama.cpp server) or local/smollm2"
        )
    start = len(prompt)
    return float(
        sum(lp for off, lp in zip(offsets, token_lps, strict=False) if off >= start and lp is not None)
    )
