"""Building the answer and judge clients of the benchmark commands from their CLI options.

``--model-kwargs`` / ``--judge-kwargs`` take a JSON object of extra litellm keyword arguments passed to
every call of that model: ``{"api_base": "http://localhost:8000/v1"}`` for a server, or, in tests,
``{"mock_response": "Pixel"}`` (litellm's deterministic mock: no network, no model)."""

from __future__ import annotations

import json
from typing import Any

from usermind.errors import ConfigError


def parse_llm_kwargs(text: str | None, option: str) -> dict[str, Any]:
    """The JSON object given to ``option``; :class:`ConfigError` if it is not one."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{option} is not valid JSON: {exc.msg}") from None
    if not isinstance(value, dict):
        raise ConfigError(f'{option} must be a JSON object of litellm arguments, e.g. {{"api_base": "URL"}}')
    return value


def build_clients(model: str, judge: str | None, model_kwargs: str | None, judge_kwargs: str | None):
    """``(answerer, judge)`` LLM clients; the judge defaults to the answering model."""
    from usermind.llm.client import LLMClient

    answerer = LLMClient(model, **parse_llm_kwargs(model_kwargs, "--model-kwargs"))
    judged_by = LLMClient(judge or model, **parse_llm_kwargs(judge_kwargs, "--judge-kwargs"))
    return answerer, judged_by
