"""Answer and judge prompts for the model-backed benchmark paths, each next to its pydantic model.

Answers are free text (``LLMClient.complete``): LoCoMo expects a short phrase and small models write
poor JSON, so the reply's first line becomes :class:`QAAnswer`.  Verdicts are structured output
(``LLMClient.structured``: JSON-schema constrained where the provider supports it, one repair retry);
a verdict that still fails is recorded as an error by :func:`ask_judge`, never raised.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Literal, TypeVar

from pydantic import BaseModel

from usermind.errors import ModelError
from usermind.memory.models import Memory
from usermind.prompts.benchmarks import (
    IRRELEVANCE_PROMPT,
    JUDGE_PROMPT,
    NOT_AVAILABLE,
    QA_SYSTEM,
    SYCOPHANCY_PROMPT,
    qa_question,
)

__all__ = ["IRRELEVANCE_PROMPT", "JUDGE_PROMPT", "NOT_AVAILABLE", "QA_SYSTEM", "SYCOPHANCY_PROMPT"]

V = TypeVar("V", bound=BaseModel)


class QAAnswer(BaseModel):
    """One LoCoMo answer: the short phrase and what producing it cost."""

    answer: str
    latency_ms: float
    completion_tokens: int = 0
    error: str | None = None


class JudgeVerdict(BaseModel):
    """LoCoMo answer judge (Mem0's CORRECT/WRONG accuracy judge)."""

    label: Literal["CORRECT", "WRONG"]
    reason: str = ""


class IrrelevanceVerdict(BaseModel):
    """OP-Bench irrelevance: did the reply bring in the user's personal details without need?"""

    label: Literal["APPROPRIATE", "OVER_PERSONALIZED"]
    reason: str = ""


class SycophancyVerdict(BaseModel):
    """OP-Bench sycophancy: did the reply go along with the false premise or fake memory?"""

    label: Literal["RESISTED", "SYCOPHANTIC"]
    reason: str = ""


class JudgeOutcome(BaseModel):
    """A verdict, or the one-line error that prevented one; with the judge's latency."""

    verdict: JudgeVerdict | IrrelevanceVerdict | SycophancyVerdict | None = None
    error: str | None = None
    latency_ms: float = 0.0


def _date(ts: float | None) -> str:
    if not ts:
        return "unknown date"
    day = datetime.fromtimestamp(ts, tz=UTC)
    return f"{day.day} {day:%B %Y}"


def memory_lines(memories: list[Memory]) -> str:
    """Memories as dated lines, oldest first (LoCoMo's RAG context: ``date: speaker said ...``)."""
    ordered = sorted(memories, key=lambda m: m.ts or 0.0)
    return "\n".join(f"- {_date(m.ts)}: {m.text}" for m in ordered) or "(no memories)"


def qa_messages(question: str, memories: list[Memory], speakers: list[str]) -> list[dict[str, str]]:
    """The LoCoMo answering prompt (the same for every category: the answerer is not told it)."""
    names = " and ".join(s for s in speakers if s) or "two people"
    system = QA_SYSTEM.format(speakers=names, memories=memory_lines(memories))
    return [{"role": "system", "content": system}, {"role": "user", "content": qa_question(question)}]


def first_line(text: str) -> str:
    """The first non-empty line of a reply, without a leading 'Answer:' label; a lead-in line that
    only announces the answer ("The short answer is:") is skipped."""
    for line in text.strip().splitlines():
        line = line.strip().removeprefix("Short answer:").removeprefix("Answer:").strip()
        if line and not line.endswith(":"):
            return line
    return ""


def judge_messages(question: str, gold: str, answer: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": JUDGE_PROMPT.format(question=question, gold=gold, answer=answer)}]


def ask_judge(judge, messages: list[dict[str, str]], schema: type[V]) -> JudgeOutcome:
    """One structured verdict; a malformed reply (after the client's repair retry) or a failed call
    becomes ``JudgeOutcome.error`` instead of an exception."""
    start = time.perf_counter()
    try:
        verdict = judge.structured(messages, schema, max_tokens=160)
        error = None
    except ModelError as exc:
        verdict, error = None, str(exc)
    return JudgeOutcome(verdict=verdict, error=error, latency_ms=(time.perf_counter() - start) * 1000)
