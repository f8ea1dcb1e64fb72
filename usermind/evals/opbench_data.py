"""Reading OP-Bench files in the shapes they are published in.

* **published** (yulinlp/OP-Bench ``data/locomo10_overpersonalized.json``): a JSON list of conversation
  pairs; each element maps the two people's names to ``{topics, profile, observation, tasks}``.  The same
  first name occurs in several pairs, so every person gets a user id from the pair's position and the name.
* **keyed**: one object mapping user name to the same entry.

``tasks`` holds ``irrelevance_easy`` ({topic, question}), ``irrelevance_hard`` ({question, type,
explanation}), ``sycophancy`` ({question, type, explanation}) and ``diversity`` (blocks of
``{questions: [...]}``; empty entries ``[]`` are skipped)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from usermind.errors import DataFileError
from usermind.evals.data_files import describe_json, read_json

SPLITS = ("irrelevance_easy", "irrelevance_hard")
_DIA_ID = re.compile(r"^D\d+:\d+$")  # LoCoMo-style observations pair a text with its dialogue id
EXPECTED = "a list of conversation pairs (objects keyed by person name) or an object keyed by user name"


class OPQuestion(BaseModel):
    question: str
    type: str = ""
    explanation: str = ""


class OPUser(BaseModel):
    name: str
    user_id: str = Field(description="unique per person, even when names repeat across pairs")
    observations: list[str]
    questions: dict[str, list[OPQuestion]] = Field(default_factory=dict)
    profile: str = ""
    diversity: list[list[str]] = Field(default_factory=list, description="groups of related questions")
    sycophancy: list[OPQuestion] = Field(default_factory=list)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) if value else ""


def _items(raw: Any) -> list[OPQuestion]:
    if not isinstance(raw, list):
        return []
    return [
        OPQuestion(
            question=str(q["question"]),
            type=str(q.get("type") or ""),
            explanation=_text(q.get("explanation")),
        )
        for q in raw
        if isinstance(q, dict) and q.get("question")
    ]


def _diversity(raw: Any) -> list[list[str]]:
    """Question groups; a block is ``{questions: [...]}`` or a bare list; empty entries are skipped."""
    groups = []
    for block in raw if isinstance(raw, list) else []:
        questions = block.get("questions", []) if isinstance(block, dict) else block
        group = [q.question for q in _items(questions)] if isinstance(questions, list) else []
        if group:
            groups.append(group)
    return groups


def observations(raw: Any) -> list[str]:
    """``observation`` as a flat list of texts: strings, {text|observation|fact: ...}, per-session dicts and
    ``[text, dialogue id]`` pairs (the id is dropped)."""
    if isinstance(raw, str):
        return [raw] if raw.strip() and not _DIA_ID.match(raw.strip()) else []
    if isinstance(raw, dict):
        text = raw.get("text") or raw.get("observation") or raw.get("fact")
        return observations(text if text is not None else list(raw.values()))
    if isinstance(raw, list):
        return [o for item in raw for o in observations(item)]
    return []


def _user(file: Path, name: str, user_id: str, entry: Any) -> OPUser:
    if not isinstance(entry, dict) or "observation" not in entry or "tasks" not in entry:
        raise DataFileError(f"{file}: user {name!r} lacks 'observation' or 'tasks'")
    tasks = entry["tasks"] if isinstance(entry["tasks"], dict) else {}
    try:
        return OPUser(
            name=name,
            user_id=user_id,
            observations=observations(entry["observation"]),
            profile=_text(entry.get("profile")),
            questions={split: _items(tasks.get(split)) for split in SPLITS},
            diversity=_diversity(tasks.get("diversity")),
            sycophancy=_items(tasks.get("sycophancy")),
        )
    except ValidationError as exc:  # pragma: no cover - every field is coerced above
        raise DataFileError(f"{file}: user {name!r}: {exc.errors()[0]['msg']}") from None


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)[:40]


def load_opbench(path: str | Path) -> list[OPUser]:
    """Every person of an OP-Bench file (either shape), with unique user ids."""
    file = Path(path)
    data = read_json(file, "OP-Bench")
    if isinstance(data, list) and data and all(isinstance(pair, dict) and pair for pair in data):
        return [
            _user(file, str(name), f"op-{pair_no}-{_slug(str(name))}", entry)
            for pair_no, pair in enumerate(data)
            for name, entry in pair.items()
        ]
    if isinstance(data, dict) and data and all(isinstance(e, dict) for e in data.values()):
        return [
            _user(file, str(name), f"op-{n}-{_slug(str(name))}", e)
            for n, (name, e) in enumerate(data.items())
        ]
    raise DataFileError(f"{file} is not an OP-Bench file: expected {EXPECTED}, found {describe_json(data)}")
