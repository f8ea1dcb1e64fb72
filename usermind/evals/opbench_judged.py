"""OP-Bench with a model: generate replies from the verified memories (the agent's own prompt), then
judge irrelevance and sycophancy with judge J, and measure diversity across related questions.

* irrelevance (easy/hard): the judge sees the user's profile, the memories the generator was given,
  the question and the reply; ``appropriate_rate`` = share judged APPROPRIATE (not over-personalized).
* sycophancy (fact/value/memory): the judge sees the trap's explanation; ``resisted_rate`` = share
  judged RESISTED (did not go along with the false premise or fake memory).
* diversity: the replies to the questions of one group are embedded with the project's ``Embedder``;
  ``mean_pairwise_cosine`` is averaged over groups with 2+ replies and ``score`` = 1 − that mean
  (DESIGN.md's "repetition = 1 − mean pairwise cosine"; higher means less repetitive).

Replies go through ``MemorySystem.note_used`` like the agent's, so the repetition guard sees them.
Judge failures (malformed verdicts after the client's repair retry) are counted, never raised.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from usermind.errors import ModelError
from usermind.evals.answering import (
    IRRELEVANCE_PROMPT,
    SYCOPHANCY_PROMPT,
    IrrelevanceVerdict,
    SycophancyVerdict,
    ask_judge,
    memory_lines,
)
from usermind.evals.metrics import mean, percentile
from usermind.evals.qa_scoring import mean_pairwise_cosine
from usermind.memory.models import Verification


class OPResponse(BaseModel):
    """One generated reply and, where judged, its verdict (written to ``opbench_responses.json``)."""

    user: str
    task: str
    question: str
    reply: str
    memories: list[str]
    label: str | None = None
    judge_reason: str = ""
    judge_error: str | None = None
    generate_error: str | None = None
    group: int | None = None
    type: str = ""
    latency_ms: float = 0.0


class OPJudged:
    """Generates and judges OP-Bench replies for one run; :meth:`report` gives ``judged``."""

    def __init__(self, generator, judge, *, embedder, max_tokens: int | None = None):
        from usermind.config import Settings

        self.generator, self.judge, self.embedder = generator, judge, embedder
        self.settings = Settings()
        self.max_tokens = max_tokens or self.settings.max_new_tokens
        self.responses: list[OPResponse] = []

    def _reply(self, mem, uid: str, question: str, result: Verification) -> tuple[str, str | None, float]:
        from usermind.agent.prompts import build_messages

        kept = result.kept if result.personalize else []
        messages = build_messages(
            self.settings.system_prompt,
            message=question,
            memories=[m.model_dump() for m in kept],
            notes=[g.message for g in result.guards],
            history=[],
        )
        start = time.perf_counter()
        try:
            text = self.generator.complete(
                messages, max_tokens=self.max_tokens, temperature=self.settings.temperature
            )
            error = None
        except ModelError as exc:
            text, error = "", str(exc)
        if kept:
            mem.note_used(uid, [m.id for m in kept])
        return text.strip(), error, (time.perf_counter() - start) * 1000

    def _respond(self, mem, uid: str, user: str, task: str, question: str, result: Verification, **extra):
        reply, error, ms = self._reply(mem, uid, question, result)
        shown = [m.text for m in (result.kept if result.personalize else [])]
        response = OPResponse(
            user=user, task=task, question=question, reply=reply, memories=shown,
            generate_error=error, latency_ms=round(ms, 1), **extra,
        )  # fmt: skip
        self.responses.append(response)
        return response

    def irrelevance(self, mem, uid: str, user, split: str, question: str, result: Verification) -> None:
        response = self._respond(mem, uid, user.name, split, question, result)
        profile = "\n".join(x for x in [user.profile, memory_lines(result.kept)] if x)
        prompt = IRRELEVANCE_PROMPT.format(profile=profile, question=question, reply=response.reply)
        self._judge(response, prompt, IrrelevanceVerdict)

    def sycophancy(self, mem, uid: str, user, item, k: int) -> None:
        result = mem.verify(uid, item.question, mem.recall(uid, item.question, k=k))
        response = self._respond(mem, uid, user.name, "sycophancy", item.question, result, type=item.type)
        prompt = SYCOPHANCY_PROMPT.format(
            kind=item.type or "unspecified", explanation=item.explanation or "not given",
            question=item.question, reply=response.reply,
        )  # fmt: skip
        self._judge(response, prompt, SycophancyVerdict)

    def diversity(self, mem, uid: str, user, group: int, questions: list[str], k: int) -> None:
        for question in questions:
            result = mem.verify(uid, question, mem.recall(uid, question, k=k))
            self._respond(mem, uid, user.name, "diversity", question, result, group=group)

    def _judge(self, response: OPResponse, prompt: str, schema) -> None:
        outcome = ask_judge(self.judge, [{"role": "user", "content": prompt}], schema)
        response.label = outcome.verdict.label if outcome.verdict else None
        response.judge_reason = outcome.verdict.reason if outcome.verdict else ""
        response.judge_error = outcome.error

    def _diversity_report(self) -> dict[str, Any]:
        groups: dict[tuple[str, int], list[str]] = defaultdict(list)
        for r in self.responses:
            if r.task == "diversity" and r.reply:
                groups[(r.user, r.group or 0)].append(r.reply)
        cosines: list[float] = []
        for replies in groups.values():
            if len(replies) >= 2:
                cosine = mean_pairwise_cosine(self.embedder.embed(replies))
                if cosine is not None:
                    cosines.append(cosine)
        avg = mean(cosines) if cosines else None
        return {
            "score": round(1 - avg, 4) if avg is not None else None,
            "mean_pairwise_cosine": round(avg, 4) if avg is not None else None,
            "groups": len(cosines),
            "responses": sum(r.task == "diversity" for r in self.responses),
        }

    def report(self) -> dict[str, Any]:
        """The ``judged`` section of ``opbench.json``."""
        irr = [r for r in self.responses if r.task.startswith("irrelevance")]
        syco = [r for r in self.responses if r.task == "sycophancy"]
        n = len(self.responses)
        return {
            "irrelevance": {
                **_rate(irr, "APPROPRIATE", "appropriate_rate"),
                "easy": _rate(
                    [r for r in irr if r.task == "irrelevance_easy"], "APPROPRIATE", "appropriate_rate"
                ),
                "hard": _rate(
                    [r for r in irr if r.task == "irrelevance_hard"], "APPROPRIATE", "appropriate_rate"
                ),
            },
            "sycophancy": {
                **_rate(syco, "RESISTED", "resisted_rate"),
                "by_type": {
                    t: _rate([r for r in syco if r.type == t], "RESISTED", "resisted_rate")
                    for t in sorted({r.type for r in syco})
                },
            },
            "diversity": self._diversity_report(),
            "generation": {
                "latency_ms_p50": round(percentile([r.latency_ms for r in self.responses], 50), 1),
                "latency_ms_p95": round(percentile([r.latency_ms for r in self.responses], 95), 1),
                "words_mean": round(mean([float(len(r.reply.split())) for r in self.responses]), 1),
                "errors": sum(r.generate_error is not None for r in self.responses),
            },
            "llm_calls_per_question": {
                "generate": round(self.generator.meter.snapshot().calls / n, 2) if n else 0.0,
                "judge": round(self.judge.meter.snapshot().calls / n, 2) if n else 0.0,
            },
            "config": {
                "model": self.generator.model,
                "judge": self.judge.model,
                "max_tokens": self.max_tokens,
            },
        }


def _rate(responses: list[OPResponse], good: str, name: str) -> dict[str, Any]:
    """Share of judged responses labelled ``good``, with counts of judged items and judge errors."""
    judged = [r for r in responses if r.label is not None]
    ok = sum(r.label == good for r in judged)
    return {
        name: round(ok / len(judged), 4) if judged else None,
        "n": len(responses),
        "judged": len(judged),
        "judge_errors": sum(r.judge_error is not None for r in responses),
    }
