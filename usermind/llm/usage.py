"""Counting LLM calls and tokens, per turn and in total."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
        turn = _TURN.get()
        if turn is not None and turn is not self:
            turn.record(prompt_tokens, completion_tokens, failed)

    def snapshot(self) -> LLMUsage:
        with self._lock:
            return self._total.model_copy()

    @staticmethod
    def since(before: LLMUsage, after: LLMUsage) -> LLMUsage:
        return LLMUsage(**{k: getattr(after, k) - getattr(before, k) for k in LLMUsage.model_fields})


_TURN: ContextVar[UsageMeter | None] = ContextVar("usermind_turn_usage", default=None)


@contextmanager
def turn_usage() -> Iterator[UsageMeter]:
    """A meter of the LLM calls made inside this block by this task (and the threads and tasks it
    starts with a copy of its context), so concurrent turns of one shared client each get their own
    figures."""
    meter = UsageMeter()
    token = _TURN.set(meter)
    try:
        yield meter
    finally:
        try:
            _TURN.reset(token)
        except ValueError:  # an abandoned async generator closed from another context
            pass
