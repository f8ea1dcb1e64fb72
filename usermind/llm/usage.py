"""Counting LLM calls and tokens, per turn and in total."""

from __future__ import annotations

import threading

from pydantic import BaseModel


class LLMUsage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failures: int = 0

    def __add__(self, other: LLMUsage) -> LLMUsage:
        return LLMUsage(**{k: getattr(self, k) + getattr(other, k) for k in LLMUsage.model_fields})


class UsageMeter:
    """Thread-safe running totals; :meth:`snapshot` and subtraction give per-turn figures."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = LLMUsage()

    def record(self, prompt_tokens: int = 0, completion_tokens: int = 0, failed: bool = False) -> None:
        with self._lock:
            self._total = self._total + LLMUsage(
                calls=1,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                failures=int(failed),
            )

    def snapshot(self) -> LLMUsage:
        with self._lock:
            return self._total.model_copy()

    @staticmethod
    def since(before: LLMUsage, after: LLMUsage) -> LLMUsage:
        return LLMUsage(**{k: getattr(after, k) - getattr(before, k) for k in LLMUsage.model_fields})
