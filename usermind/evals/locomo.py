"""LoCoMo retrieval and verification benchmark (LLM-free): every conversation is ingested as its own
user, every question with evidence is recalled and verified, and evidence recall@k is reported."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from usermind.errors import ConfigError
from usermind.evals.locomo_data import CATEGORIES, Conversation, load_locomo
from usermind.evals.locomo_qa import LoCoMoQA
from usermind.evals.metrics import evidence_recall, mean, percentile
from usermind.evals.progress import progress_bar
from usermind.memory.text import estimate_tokens


def _user_id(conv: Conversation, position: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in conv.sample_id)[:50]
    return f"locomo-{position}-{safe}"


class _Tally:
    def __init__(self, ks: list[int]):
        self.ks = ks
        self.recall: dict[int, list[float]] = {k: [] for k in ks}
        self.by_cat: dict[str, dict[int, list[float]]] = defaultdict(lambda: {k: [] for k in ks})
        self.recall_ms: list[float] = []
        self.verify_ms: list[float] = []
        self.retained: list[int] = [0, 0]
        self.kept: list[float] = []
        self.tokens: list[int] = []
        self.personalized: list[bool] = []


def _ask(mem, user: str, conv: Conversation, q, tally: _Tally, verify_k: int):
    """Recall and verify one question with evidence, tally retrieval figures, return the verification."""
    start = time.perf_counter()
    found = mem.recall(user, q.question, k=max(tally.ks + [verify_k]), now=conv.last_ts)
    tally.recall_ms.append((time.perf_counter() - start) * 1000)
    sources = [m.source_ids for m in found]
    for k in tally.ks:
        score = evidence_recall(sources, q.evidence, k)
        tally.recall[k].append(score)
        tally.by_cat[CATEGORIES.get(q.category, str(q.category))][k].append(score)
    top = found[:verify_k]
    start = time.perf_counter()
    result = mem.verify(user, q.question, top)
    tally.verify_ms.append((time.perf_counter() - start) * 1000)
    kept_sources = {s for m in result.kept for s in m.source_ids}
    in_top = {s for m in top for s in m.source_ids} & set(q.evidence)
    tally.retained[0] += len(in_top & kept_sources)
    tally.retained[1] += len(in_top)
    tally.kept.append(len(result.kept) / len(top) if top else 0.0)
    tally.tokens.append(sum(estimate_tokens(m.text) for m in result.kept))
    tally.personalized.append(result.personalize)
    return result


def select_conversations(
    conversations: list[Conversation], positions: list[int] | None
) -> list[tuple[int, Conversation]]:
    """The conversations at ``positions`` (all when None), each with its position in the file."""
    if positions is None:
        return list(enumerate(conversations))
    wrong = [p for p in positions if not 0 <= p < len(conversations)]
    if wrong or not positions:
        asked = ",".join(map(str, positions))
        raise ConfigError(f"--conversations {asked}: the file has conversations 0..{len(conversations) - 1}")
    return [(p, conversations[p]) for p in sorted(set(positions))]


def _report(tally: _Tally, conversations: int, turns: int, ingest_s: float) -> dict[str, Any]:
    round4 = lambda v: round(v, 4)  # noqa: E731
    return {
        "conversations": conversations,
        "questions": len(tally.recall_ms),
        "turns": turns,
        "retrieval": {
            **{f"recall@{k}": round4(mean(v)) for k, v in tally.recall.items()},
            "by_category": {
                cat: {f"recall@{k}": round4(mean(v)) for k, v in per.items()}
                | {"questions": len(per[tally.ks[0]])}
                for cat, per in sorted(tally.by_cat.items())
            },
        },
        "verify": {
            "evidence_retention": round4(tally.retained[0] / tally.retained[1]) if tally.retained[1] else 0.0,
            "kept_fraction": round4(mean(tally.kept)),
            "personalized_rate": round4(mean([float(p) for p in tally.personalized])),
        },
        "latency_ms": {
            "recall_p50": round(percentile(tally.recall_ms, 50), 2),
            "recall_p95": round(percentile(tally.recall_ms, 95), 2),
            "verify_p50": round(percentile(tally.verify_ms, 50), 2),
            "verify_p95": round(percentile(tally.verify_ms, 95), 2),
        },
        "context_tokens_mean": round(mean([float(t) for t in tally.tokens]), 1),
        "ingest_turns_per_s": round(turns / ingest_s, 1) if ingest_s else 0.0,
    }


def run_locomo(
    data: str | Path,
    out_dir: str | Path,
    *,
    ks: list[int] | None = None,
    verify_k: int = 10,
    embedder=None,
    config=None,
    progress: bool = True,
    qa: LoCoMoQA | None = None,
    database: str | None = None,
    conversations: list[int] | None = None,
    memory_llm=None,
) -> dict[str, Any]:
    """Run the benchmark, write ``out_dir/locomo.json`` and ``locomo.png``, and return the report.

    With ``qa`` (a :class:`~usermind.evals.locomo_qa.LoCoMoQA`), the questions it selects are also
    answered from the verified memories and scored; the report gains a ``qa`` section and
    ``out_dir/locomo_answers.json`` holds every answer.  The retrieval figures are unchanged by it.
    ``database`` (a URL) runs it on that database instead of a scratch SQLite file; the benchmark's
    users (``locomo-N-…``) are forgotten there before and after the run.  ``conversations``
    (positions in the file, from 0) runs only those, e.g. a tuning or held-out split.  ``memory_llm``: the
    memory system's model (query decomposition with ``config.llm_decompose``)."""
    import json

    from usermind.evals.plotting import bar_plot
    from usermind.llm.embeddings import Embedder
    from usermind.memory import MemorySystem
    from usermind.storage import Database
    from usermind.storage.open import open_database

    selected = select_conversations(load_locomo(data), conversations)
    convs = [conv for _, conv in selected]
    ks = sorted(set(ks or [5, 10, 25]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tally = _Tally(ks)
    total_q = sum(1 for c in convs for q in c.questions if q.evidence)
    with tempfile.TemporaryDirectory() as tmp, progress_bar() as bar:
        db = (
            Database(Path(tmp) / "locomo.sqlite3") if database is None else open_database(Path(tmp), database)
        )
        users = [_user_id(c, p) for p, c in selected]
        for user in users if database else ():
            db.forget_user(user)
        mem = MemorySystem(db, embedder or Embedder(), llm=memory_llm, config=config)
        ingest_task = bar.add_task("ingest", total=sum(len(c.turns) for c in convs), visible=progress)
        ask_task = bar.add_task("questions", total=total_q, visible=progress)
        planned = qa.planned(convs) if qa else 0
        qa_task = bar.add_task("answers", total=planned, visible=progress and qa is not None)
        ingest_s = 0.0
        for position, conv in selected:
            user = _user_id(conv, position)
            start = time.perf_counter()
            for i in range(0, len(conv.turns), 64):
                mem.add_turns(user, conv.turns[i : i + 64])
                bar.advance(ingest_task, len(conv.turns[i : i + 64]))
            ingest_s += time.perf_counter() - start
            for q in conv.questions:
                result = None
                if q.evidence:
                    result = _ask(mem, user, conv, q, tally, verify_k)
                    bar.advance(ask_task)
                if qa is not None and qa.selects(conv, q):
                    if result is None:  # e.g. adversarial questions without evidence
                        found = mem.recall(user, q.question, k=verify_k, now=conv.last_ts)
                        result = mem.verify(user, q.question, found)
                    qa.run(conv, q, result.kept if result.personalize else [])
                    bar.advance(qa_task)
        for user in users if database else ():
            db.forget_user(user)
        db.close()
    report = _report(tally, len(convs), sum(len(c.turns) for c in convs), ingest_s)
    report["config"] = {
        "ks": ks,
        "verify_k": verify_k,
        "llm": qa is not None,
        "decomposition_model": getattr(memory_llm, "model", None),
        "conversations": [position for position, _ in selected],
        "memory": config.model_dump(exclude_defaults=True) if config is not None else {},
    }
    if qa is not None:
        report["qa"] = qa.report()
        answers = [r.model_dump() for r in qa.records]
        (out / "locomo_answers.json").write_text(json.dumps(answers, indent=2))
    (out / "locomo.json").write_text(json.dumps(report, indent=2))
    groups = {"overall": {f"@{k}": report["retrieval"][f"recall@{k}"] for k in ks}}
    groups |= {
        c: {f"@{k}": v[f"recall@{k}"] for k in ks} for c, v in report["retrieval"]["by_category"].items()
    }
    bar_plot(groups, "LoCoMo evidence recall@k", out / "locomo.png")
    return report
