"""LongMemEval question answering from verified memories: model M answers (as of the question date),
judge J says yes/no in the style of the benchmark's own judge (one prompt per question type, and one
for abstention questions, which are correct only when the answer says the information is missing)."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from usermind.errors import ModelError
from usermind.evals.answering import first_line, memory_lines
from usermind.evals.longmemeval_data import LMEItem
from usermind.evals.metrics import mean, percentile
from usermind.memory.models import Memory
from usermind.memory.temporal import date_label
from usermind.prompts.benchmarks import LME_ANSWER_SYSTEM as ANSWER_SYSTEM
from usermind.prompts.benchmarks import LME_JUDGE_PROMPTS as JUDGE_PROMPTS

__all__ = ["ANSWER_SYSTEM", "JUDGE_PROMPTS"]


def judge_prompt(item: LMEItem, response: str) -> str:
    key = "abstention" if item.abstention else item.question_type
    template = JUDGE_PROMPTS.get(key, JUDGE_PROMPTS["default"])
    return template.format(question=item.question, answer=item.answer, response=response)


def parse_yes_no(text: str) -> bool | None:
    """The judge's verdict: ``True`` for yes, ``False`` for no, ``None`` when it said neither."""
    words = text.lower().replace(".", " ").replace(",", " ").split()
    if not words:
        return None
    if words[0] in ("yes", "no"):
        return words[0] == "yes"
    return True if "yes" in words else False if "no" in words else None


class LMERecord(BaseModel):
    question_id: str
    question_type: str
    abstention: bool
    question: str
    gold: str
    answer: str
    correct: bool | None = None
    judge_error: str | None = None
    answer_error: str | None = None
    memories: int = 0
    answer_ms: float = 0.0


class LongMemEvalQA:
    """Answers each question from its verified memories and judges the answer."""

    def __init__(self, answerer, judge, *, max_tokens: int = 96):
        self.answerer, self.judge, self.max_tokens = answerer, judge, max_tokens
        self.records: list[LMERecord] = []

    def _call(self, client, messages: list[dict[str, str]], max_tokens: int) -> tuple[str, str | None]:
        try:
            return client.complete(messages, max_tokens=max_tokens, temperature=0.0), None
        except ModelError as exc:
            return "", str(exc)

    def run(self, item: LMEItem, memories: list[Memory]) -> LMERecord:
        today = date_label(item.question_ts) or "unknown"
        system = ANSWER_SYSTEM.format(today=today, memories=memory_lines(memories))
        start = time.perf_counter()
        messages = [{"role": "system", "content": system}, {"role": "user", "content": item.question}]
        reply, answer_error = self._call(self.answerer, messages, self.max_tokens)
        answer_ms = (time.perf_counter() - start) * 1000
        answer = first_line(reply) or reply.strip()
        verdict_text, judge_error = self._call(
            self.judge, [{"role": "user", "content": judge_prompt(item, answer)}], 8
        )
        correct = parse_yes_no(verdict_text) if judge_error is None else None
        if judge_error is None and correct is None:
            judge_error = f"judge said neither yes nor no: {verdict_text[:60]!r}"
        record = LMERecord(
            question_id=item.question_id,
            question_type=item.question_type,
            abstention=item.abstention,
            question=item.question,
            gold=item.answer,
            answer=answer,
            correct=correct,
            judge_error=judge_error,
            answer_error=answer_error,
            memories=len(memories),
            answer_ms=round(answer_ms, 1),
        )
        self.records.append(record)
        return record

    def report(self) -> dict[str, Any]:
        groups: dict[str, list[LMERecord]] = defaultdict(list)
        for r in self.records:
            groups["abstention" if r.abstention else r.question_type].append(r)
        return {
            "overall": accuracy(self.records),
            "by_type": {kind: accuracy(rs) for kind, rs in sorted(groups.items())},
            "answer_latency_ms_p95": round(percentile([r.answer_ms for r in self.records], 95), 1),
            "answer_errors": sum(r.answer_error is not None for r in self.records),
            "config": {
                "model": self.answerer.model,
                "judge": self.judge.model,
                "max_answer_tokens": self.max_tokens,
            },
        }


def accuracy(records: list[LMERecord]) -> dict[str, Any]:
    """Judge accuracy over the judged answers (errors are counted, not scored)."""
    judged = [r for r in records if r.correct is not None]
    return {
        "n": len(records),
        "accuracy": round(mean([float(bool(r.correct)) for r in judged]), 4) if judged else None,
        "judged": len(judged),
        "judge_errors": sum(r.judge_error is not None for r in records),
    }
