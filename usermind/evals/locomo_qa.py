"""LoCoMo question answering from verified memories: answer with model M, score token F1 and BLEU-1,
and ask judge J for a CORRECT/WRONG verdict.  Used by :func:`usermind.evals.locomo.run_locomo`."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, Field

from usermind.errors import ConfigError, ModelError
from usermind.evals.answering import (
    NOT_AVAILABLE,
    JudgeVerdict,
    QAAnswer,
    ask_judge,
    first_line,
    judge_messages,
    qa_messages,
)
from usermind.evals.locomo_data import CATEGORIES, Conversation, Question
from usermind.evals.metrics import mean, percentile
from usermind.evals.qa_scoring import bleu1, locomo_f1
from usermind.memory.models import Memory


class QARecord(BaseModel):
    """One answered and scored question (written to ``locomo_answers.json``)."""

    conversation: str
    category: int
    question: str
    gold: str
    answer: str
    f1: float
    bleu1: float | None = Field(None, description="None for category 5, which has no reference answer")
    judge: str | None = None
    judge_reason: str = ""
    judge_error: str | None = None
    answer_error: str | None = None
    memories: int = 0
    answer_ms: float = 0.0
    judge_ms: float = 0.0
    completion_tokens: int = 0


def parse_categories(text: str) -> list[int]:
    """``"1,2,3,4"`` → ``[1, 2, 3, 4]``; :class:`ConfigError` for anything outside 1–5."""
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise ConfigError(f"--categories must be comma-separated numbers 1-5, got {text!r}") from None
    if not values or any(v not in CATEGORIES for v in values):
        raise ConfigError(f"--categories must be comma-separated numbers 1-5, got {text!r}")
    return values


class LoCoMoQA:
    """Answers the selected questions (``limit`` per conversation) and accumulates their scores."""

    def __init__(self, answerer, judge, *, categories: list[int], limit: int | None = None, max_tokens=48):
        if limit is not None and limit < 1:
            raise ConfigError("--limit must be at least 1")
        self.answerer, self.judge = answerer, judge
        self.categories, self.limit, self.max_tokens = set(categories), limit, max_tokens
        self.records: list[QARecord] = []
        self._taken: Counter[str] = Counter()

    def selects(self, conv: Conversation, question: Question) -> bool:
        """Whether ``question`` is in the selected categories and under the per-conversation limit."""
        if question.category not in self.categories:
            return False
        return self.limit is None or self._taken[conv.sample_id] < self.limit

    def planned(self, conversations: list[Conversation]) -> int:
        per = [sum(q.category in self.categories for q in c.questions) for c in conversations]
        return sum(min(n, self.limit) if self.limit else n for n in per)

    def _answer(self, conv: Conversation, question: Question, memories: list[Memory]) -> QAAnswer:
        before = self.answerer.meter.snapshot()
        start = time.perf_counter()
        try:
            text, error = (
                self.answerer.complete(
                    qa_messages(question.question, memories, conv.speakers),
                    max_tokens=self.max_tokens,
                    temperature=0.0,
                ),
                None,
            )
        except ModelError as exc:
            text, error = "", str(exc)
        spent = self.answerer.meter.since(before, self.answerer.meter.snapshot())
        return QAAnswer(
            answer=first_line(text),
            latency_ms=(time.perf_counter() - start) * 1000,
            completion_tokens=spent.completion_tokens,
            error=error,
        )

    def run(self, conv: Conversation, question: Question, memories: list[Memory]) -> QARecord:
        """Answer, score and judge one question."""
        self._taken[conv.sample_id] += 1
        reply = self._answer(conv, question, memories)
        gold = NOT_AVAILABLE if question.category == 5 else question.answer
        outcome = ask_judge(self.judge, judge_messages(question.question, gold, reply.answer), JudgeVerdict)
        record = QARecord(
            conversation=conv.sample_id,
            category=question.category,
            question=question.question,
            gold=question.answer,
            answer=reply.answer,
            f1=locomo_f1(reply.answer, question.answer, question.category),
            bleu1=None if question.category == 5 else bleu1(reply.answer, question.answer),
            judge=outcome.verdict.label if outcome.verdict else None,
            judge_reason=outcome.verdict.reason if outcome.verdict else "",
            judge_error=outcome.error,
            answer_error=reply.error,
            memories=len(memories),
            answer_ms=round(reply.latency_ms, 1),
            judge_ms=round(outcome.latency_ms, 1),
            completion_tokens=reply.completion_tokens,
        )
        self.records.append(record)
        return record

    def report(self) -> dict[str, Any]:
        """``qa`` section: overall and per-category scores, answer cost and judge errors."""
        by_cat: dict[str, list[QARecord]] = defaultdict(list)
        for r in self.records:
            by_cat[CATEGORIES[r.category]].append(r)
        n = len(self.records)
        answer_calls = self.answerer.meter.snapshot().calls
        judge_calls = self.judge.meter.snapshot().calls
        return {
            "overall": summarize(self.records),
            "by_category": {cat: summarize(rs) for cat, rs in sorted(by_cat.items())},
            "answer": {
                "tokens_mean": round(mean([float(r.completion_tokens) for r in self.records]), 1),
                "words_mean": round(mean([float(len(r.answer.split())) for r in self.records]), 1),
                "latency_ms_p50": round(percentile([r.answer_ms for r in self.records], 50), 1),
                "latency_ms_p95": round(percentile([r.answer_ms for r in self.records], 95), 1),
                "errors": sum(r.answer_error is not None for r in self.records),
            },
            "judge_latency_ms_p95": round(percentile([r.judge_ms for r in self.records], 95), 1),
            "llm_calls_per_question": {
                "answer": round(answer_calls / n, 2) if n else 0.0,
                "judge": round(judge_calls / n, 2) if n else 0.0,
            },
            "config": {
                "model": self.answerer.model,
                "judge": self.judge.model,
                "categories": sorted(self.categories),
                "limit_per_conversation": self.limit,
                "max_answer_tokens": self.max_tokens,
            },
        }


def summarize(records: list[QARecord]) -> dict[str, Any]:
    """Mean F1, BLEU-1 (questions with a reference) and judge accuracy (over judged questions)."""
    judged = [r for r in records if r.judge is not None]
    correct = sum(r.judge == "CORRECT" for r in judged)
    bleus = [r.bleu1 for r in records if r.bleu1 is not None]
    return {
        "n": len(records),
        "f1": round(mean([r.f1 for r in records]), 4),
        "bleu1": round(mean(bleus), 4) if bleus else None,
        "judge_accuracy": round(correct / len(judged), 4) if judged else None,
        "judged": len(judged),
        "judge_errors": sum(r.judge_error is not None for r in records),
    }
