"""OP-Bench irrelevance (LLM-free): load each user's observations as memories, ask the irrelevance
questions, and report the share where verification passes no memory (memory_free_rate)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from usermind.errors import DataFileError
from usermind.evals.data_files import read_json
from usermind.evals.metrics import mean

SPLITS = ("irrelevance_easy", "irrelevance_hard")


class SycophancyItem(BaseModel):
    question: str
    type: str = ""
    explanation: str = ""


class OPUser(BaseModel):
    name: str
    observations: list[str]
    questions: dict[str, list[str]] = Field(default_factory=dict)
    profile: str = ""
    diversity: list[list[str]] = Field(default_factory=list, description="groups of related questions")
    sycophancy: list[SycophancyItem] = Field(default_factory=list)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) if value else ""


def _tasks(tasks: dict) -> dict[str, Any]:
    """Irrelevance questions per split, diversity groups and sycophancy items of one user's ``tasks``."""
    questions = {
        split: [str(q["question"]) for q in tasks.get(split, []) if isinstance(q, dict) and q.get("question")]
        for split in SPLITS
    }
    groups = [
        [str(q["question"]) for q in g.get("questions", []) if isinstance(q, dict) and q.get("question")]
        for g in tasks.get("diversity", [])
        if isinstance(g, dict)
    ]
    syco = [
        SycophancyItem(
            question=str(q["question"]), type=str(q.get("type", "")), explanation=_text(q.get("explanation"))
        )
        for q in tasks.get("sycophancy", [])
        if isinstance(q, dict) and q.get("question")
    ]
    return {"questions": questions, "diversity": [g for g in groups if g], "sycophancy": syco}


def _observations(raw: Any) -> list[str]:
    """``observation`` is a list of strings (or of {text|observation: ...}); nested dicts are flattened."""
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, dict):
        return [o for value in raw.values() for o in _observations(value)]
    if isinstance(raw, list):
        out = []
        for item in raw:
            if isinstance(item, dict):
                text = item.get("text") or item.get("observation") or item.get("fact")
                out += _observations(text if text is not None else list(item.values()))
            else:
                out += _observations(item)
        return [o for o in out if o.strip()]
    return []


def load_opbench(path: str | Path) -> list[OPUser]:
    file = Path(path)
    data = read_json(file, "OP-Bench")
    if not isinstance(data, dict) or not data:
        raise DataFileError(f"{file} is not an OP-Bench file: expected an object keyed by user name")
    users = []
    for name, entry in data.items():
        if not isinstance(entry, dict) or "observation" not in entry or "tasks" not in entry:
            raise DataFileError(f"{file}: user {name!r} lacks 'observation' or 'tasks'")
        tasks = entry["tasks"] if isinstance(entry["tasks"], dict) else {}
        try:
            users.append(
                OPUser(
                    name=str(name),
                    observations=_observations(entry["observation"]),
                    profile=_text(entry.get("profile")),
                    **_tasks(tasks),
                )
            )
        except ValidationError as exc:
            raise DataFileError(f"{file}: user {name!r}: {exc.errors()[0]['msg']}") from None
    return users


def _user_id(position: int, name: str) -> str:
    return f"op-{position}-" + "".join(c if c.isalnum() else "-" for c in name)[:40]


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
    from usermind.evals.locomo import _progress
    from usermind.llm.embeddings import Embedder
    from usermind.memory import MemorySystem, TurnIn
    from usermind.storage import Database

    users = load_opbench(data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    free: dict[str, list[float]] = {split: [] for split in SPLITS}
    examples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, _progress() as bar:
        db = Database(Path(tmp) / "opbench.sqlite3")
        embedder = embedder or Embedder()
        mem = MemorySystem(db, embedder, config=config)
        judged = None
        if generator is not None:
            from usermind.evals.opbench_judged import OPJudged

            judged = OPJudged(generator, judge or generator, embedder=embedder)
        task = bar.add_task("users", total=len(users), visible=progress)
        for position, user in enumerate(users):
            uid = _user_id(position, user.name)
            mem.add_turns(
                uid,
                [
                    TurnIn(session_id="observations", role="user", text=o, ts=float(i))
                    for i, o in enumerate(user.observations)
                ],
            )
            asked = []
            for split in SPLITS:
                for question in user.questions.get(split, []):
                    result = mem.verify(uid, question, mem.recall(uid, question, k=k))
                    asked.append((split, question, result))
                    free[split].append(0.0 if result.kept else 1.0)
                    if result.kept and len(examples) < 20:
                        examples.append(
                            {
                                "user": user.name,
                                "split": split,
                                "question": question,
                                "kept": [m.text for m in result.kept],
                                "reason": result.reason,
                            }
                        )
            if judged is not None:  # after the LLM-free pass, so its rates do not see replies' usage
                for split, question, result in asked:
                    judged.irrelevance(mem, uid, user, split, question, result)
                for item in user.sycophancy:
                    judged.sycophancy(mem, uid, user, item, k)
                for group, questions in enumerate(user.diversity):
                    judged.diversity(mem, uid, user, group, questions, k)
            bar.advance(task)
        db.close()
    all_q = free["irrelevance_easy"] + free["irrelevance_hard"]
    report = {
        "users": len(users),
        "irrelevance": {
            "memory_free_rate": round(mean(all_q), 4),
            "easy": {
                "memory_free_rate": round(mean(free["irrelevance_easy"]), 4),
                "questions": len(free["irrelevance_easy"]),
            },
            "hard": {
                "memory_free_rate": round(mean(free["irrelevance_hard"]), 4),
                "questions": len(free["irrelevance_hard"]),
            },
        },
        "personalized_examples": examples,
        "config": {"k": k, "llm": judged is not None},
    }
    if judged is not None:
        report["judged"] = judged.report()
        responses = [r.model_dump() for r in judged.responses]
        (out / "opbench_responses.json").write_text(json.dumps(responses, indent=2))
    (out / "opbench.json").write_text(json.dumps(report, indent=2))
    return report
