"""LongMemEval retrieval and verification (LLM-free): every item is its own user, its haystack sessions
are ingested with their dates, the question is recalled (as of the question date) and verified.

Retrieval is scored at session level (the ranked sessions of the recalled turns: any / all answer
sessions in the top k, NDCG@k) and at turn level (the ``has_answer`` turns), overall and by question
type; abstention questions (``_abs``) have no evidence and are left out of retrieval, as in the paper.
With a :class:`~usermind.evals.longmemeval_qa.LongMemEvalQA` the verified memories also answer the
question and a judge labels the answer (QA accuracy, abstention included)."""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from usermind.evals.longmemeval_data import LMEItem, load_longmemeval
from usermind.evals.metrics import mean, ndcg, percentile, ranked_unique, recall_all, recall_any
from usermind.evals.progress import tracked
from usermind.memory.models import Memory, TurnIn
from usermind.memory.text import estimate_tokens

LEVELS = ("session", "turn")


def session_of(turn_id: str) -> str:
    return turn_id.rsplit("#", 1)[0]


def turns_in(item: LMEItem) -> list[TurnIn]:
    """The item's haystack as turns: each session at its date (turns a second apart, in order);
    a session without a date is stored with an unknown time."""
    return [
        TurnIn(
            session_id=session.id,
            role="assistant" if turn.role == "assistant" else "user",
            text=turn.content,
            ts=session.ts + n if session.ts is not None else "unknown",
            source_id=turn.id,
        )
        for session in item.sessions
        for n, turn in enumerate(session.turns)
    ]


def retrieval_scores(item: LMEItem, found: list[Memory], ks: list[int]) -> dict[str, dict[str, float]]:
    """``{level: {"recall_any@k": .., "recall_all@k": .., "ndcg@k": ..}}`` for one question; a level
    without gold ids (no answer sessions, no ``has_answer`` turns) is left out."""
    turns = ranked_unique([m.source_ids for m in found])
    ranked = {"session": ranked_unique([[session_of(t) for t in turns]]), "turn": turns}
    gold = {"session": item.answer_session_ids, "turn": item.evidence_turns}
    scores: dict[str, dict[str, float]] = {}
    for level in LEVELS:
        if gold[level]:
            scores[level] = {}
            for k in ks:
                scores[level][f"recall_any@{k}"] = recall_any(ranked[level], gold[level], k)
                scores[level][f"recall_all@{k}"] = recall_all(ranked[level], gold[level], k)
                scores[level][f"ndcg@{k}"] = ndcg(ranked[level], gold[level], k)
    return scores


class _Tally:
    def __init__(self) -> None:
        self.scores: dict[str, dict[str, list[float]]] = {level: defaultdict(list) for level in LEVELS}
        self.by_type: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.types: dict[str, int] = defaultdict(int)
        self.recall_ms: list[float] = []
        self.verify_ms: list[float] = []
        self.retained = [0, 0]
        self.tokens: list[float] = []
        self.abstention = 0

    def add(self, item: LMEItem, scores: dict[str, dict[str, float]]) -> None:
        self.types[item.question_type] += 1
        for level, values in scores.items():
            for name, value in values.items():
                self.scores[level][name].append(value)
                self.by_type[item.question_type][f"{level}.{name}"].append(value)

    def report(self, ks: list[int]) -> dict[str, Any]:
        main = [f"recall_any@{k}" for k in ks] + [f"recall_all@{k}" for k in ks] + [f"ndcg@{k}" for k in ks]
        retrieval: dict[str, Any] = {
            level: {name: round(mean(self.scores[level][name]), 4) for name in main}
            | {"questions": len(self.scores[level][main[0]])}
            for level in LEVELS
        }
        retrieval["by_type"] = {
            kind: {name: round(mean(values), 4) for name, values in sorted(per.items())}
            | {"questions": self.types[kind]}
            for kind, per in sorted(self.by_type.items())
        }
        return {
            "retrieval": retrieval,
            "verify": {
                "evidence_retention": round(self.retained[0] / self.retained[1], 4)
                if self.retained[1]
                else None,
                "context_tokens_mean": round(mean(self.tokens), 1),
            },
            "latency_ms": {
                "recall_p50": round(percentile(self.recall_ms, 50), 2),
                "recall_p95": round(percentile(self.recall_ms, 95), 2),
                "verify_p50": round(percentile(self.verify_ms, 50), 2),
                "verify_p95": round(percentile(self.verify_ms, 95), 2),
            },
        }


def _ask(mem, user: str, item: LMEItem, tally: _Tally, ks: list[int], verify_k: int):
    start = time.perf_counter()
    found = mem.recall(user, item.question, k=max(50, 5 * max(ks), verify_k), now=item.question_ts)
    tally.recall_ms.append((time.perf_counter() - start) * 1000)
    if not item.abstention:
        tally.add(item, retrieval_scores(item, found, ks))
    else:
        tally.abstention += 1
    top = found[:verify_k]
    start = time.perf_counter()
    result = mem.verify(user, item.question, top)
    tally.verify_ms.append((time.perf_counter() - start) * 1000)
    evidence = set(item.evidence_turns)
    in_top = {s for m in top for s in m.source_ids} & evidence
    tally.retained[0] += len(in_top & {s for m in result.kept for s in m.source_ids})
    tally.retained[1] += len(in_top)
    tally.tokens.append(float(sum(estimate_tokens(m.text) for m in result.kept)))
    return result


def run_longmemeval(
    data: str | Path,
    out_dir: str | Path,
    *,
    ks: list[int] | None = None,
    verify_k: int = 10,
    limit: int | None = None,
    embedder=None,
    config=None,
    progress: bool = True,
    qa=None,
) -> dict[str, Any]:
    """Run the benchmark; writes ``out_dir/longmemeval.json`` (and ``longmemeval_answers.json`` with
    ``qa``) and returns the report."""
    from usermind.llm.embeddings import Embedder
    from usermind.memory import MemorySystem
    from usermind.storage import Database

    items = load_longmemeval(data, limit)
    ks = sorted(set(ks or [5, 10]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tally = _Tally()
    turns = ingest_s = 0.0
    with tempfile.TemporaryDirectory() as tmp, tracked(items, "questions", enabled=progress) as each:
        db = Database(Path(tmp) / "longmemeval.sqlite3")
        mem = MemorySystem(db, embedder or Embedder(), config=config)
        for n, item in enumerate(each):
            user = f"lme-{n}"
            batch = turns_in(item)
            start = time.perf_counter()
            for i in range(0, len(batch), 64):
                mem.add_turns(user, batch[i : i + 64])
            ingest_s += time.perf_counter() - start
            turns += len(batch)
            result = _ask(mem, user, item, tally, ks, verify_k)
            if qa is not None:
                qa.run(item, result.kept if result.personalize else [])
            mem.forget_all(user)  # each item is its own user: keep memory use flat
        db.close()
    report = {
        "questions": len(items),
        "abstention_questions": tally.abstention,
        "turns": int(turns),
        **tally.report(ks),
        "ingest_turns_per_s": round(turns / ingest_s, 1) if ingest_s else 0.0,
        "config": {"ks": ks, "verify_k": verify_k, "limit": limit, "llm": qa is not None},
    }
    if qa is not None:
        report["qa"] = qa.report()
        (out / "longmemeval_answers.json").write_text(
            json.dumps([r.model_dump() for r in qa.records], indent=2)
        )
    (out / "longmemeval.json").write_text(json.dumps(report, indent=2))
    return report
