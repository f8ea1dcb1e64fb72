"""OP-Bench irrelevance (LLM-free): load each user's observations as memories, ask the irrelevance
questions, and report the share where verification passes no memory (memory_free_rate), overall, per
split and, for the hard split, per question type.  Reading the file: :mod:`usermind.evals.opbench_data`."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from usermind.evals.metrics import mean
from usermind.evals.opbench_data import SPLITS, OPUser, load_opbench
from usermind.evals.progress import tracked

__all__ = ["OPUser", "load_opbench", "run_opbench"]


def run_opbench(
    data: str | Path,
    out_dir: str | Path,
    *,
    k: int = 10,
    embedder=None,
    config=None,
    progress: bool = True,
    generator=None,
    judge=None,
) -> dict[str, Any]:
    """Run the irrelevance benchmark; writes ``out_dir/opbench.json`` and returns the report.

    With ``generator`` and ``judge`` (LLM clients) it also generates replies for the irrelevance,
    sycophancy and diversity tasks and adds the ``judged`` section (see
    :mod:`usermind.evals.opbench_judged`); every reply is written to ``out_dir/opbench_responses.json``."""
    from usermind.llm.embeddings import Embedder
    from usermind.memory import MemorySystem, TurnIn
    from usermind.storage import Database

    users = load_opbench(data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: list[tuple[str, str, bool]] = []  # (split, hard type, memory-free)
    examples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, tracked(users, "users", enabled=progress) as each_user:
        db = Database(Path(tmp) / "opbench.sqlite3")
        embedder = embedder or Embedder()
        mem = MemorySystem(db, embedder, config=config)
        judged = None
        if generator is not None:
            from usermind.evals.opbench_judged import OPJudged

            judged = OPJudged(generator, judge or generator, embedder=embedder)
        for user in each_user:
            uid = user.user_id
            # observations carry no time: stored as unknown, so no relative date is resolved against them
            mem.add_turns(
                uid, [TurnIn(session_id="observations", text=o, ts="unknown") for o in user.observations]
            )
            asked = []
            for split in SPLITS:
                for item in user.questions.get(split, []):
                    result = mem.verify(uid, item.question, mem.recall(uid, item.question, k=k))
                    asked.append((split, item.question, result))
                    outcomes.append((split, item.type, not result.kept))
                    if result.kept and len(examples) < 20:
                        examples.append(
                            {
                                "user": user.name,
                                "user_id": uid,
                                "split": split,
                                "type": item.type,
                                "question": item.question,
                                "kept": [m.text for m in result.kept],
                                "reason": result.reason,
                            }
                        )
            if judged is not None:  # after the LLM-free pass, so its rates do not see replies' usage
                for split, question, result in asked:
                    judged.irrelevance(mem, uid, user, split, question, result)
                for sycophancy in user.sycophancy:
                    judged.sycophancy(mem, uid, user, sycophancy, k)
                for group, questions in enumerate(user.diversity):
                    judged.diversity(mem, uid, user, group, questions, k)
        db.close()
    report = {
        "users": len(users),
        "irrelevance": irrelevance_report(outcomes),
        "personalized_examples": examples,
        "config": {"k": k, "llm": judged is not None},
    }
    if judged is not None:
        report["judged"] = judged.report()
        responses = [r.model_dump() for r in judged.responses]
        (out / "opbench_responses.json").write_text(json.dumps(responses, indent=2))
    (out / "opbench.json").write_text(json.dumps(report, indent=2))
    return report


def _rate(flags: list[bool]) -> dict[str, Any]:
    return {"memory_free_rate": round(mean([float(f) for f in flags]), 4), "questions": len(flags)}


def irrelevance_report(outcomes: list[tuple[str, str, bool]]) -> dict[str, Any]:
    """Memory-free rates overall, per split and, for the hard split, per question type."""
    by_type: dict[str, list[bool]] = defaultdict(list)
    for split, kind, free in outcomes:
        if split == "irrelevance_hard":
            by_type[kind or "untyped"].append(free)
    hard = _rate([f for s, _, f in outcomes if s == "irrelevance_hard"])
    hard["by_type"] = {kind: _rate(flags) for kind, flags in sorted(by_type.items())}
    return {
        "memory_free_rate": _rate([f for _, _, f in outcomes])["memory_free_rate"],
        "easy": _rate([f for s, _, f in outcomes if s == "irrelevance_easy"]),
        "hard": hard,
    }
