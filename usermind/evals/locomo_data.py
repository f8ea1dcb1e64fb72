"""Reader for the LoCoMo file format (conversations with sessions, dia_ids and evidence-tagged QA)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from usermind.errors import DataFileError
from usermind.evals.data_files import read_json
from usermind.memory.models import TurnIn
from usermind.memory.temporal import parse_date

CATEGORIES = {1: "multi_hop", 2: "temporal", 3: "open_domain", 4: "single_hop", 5: "adversarial"}
_SESSION = re.compile(r"^session_(\d+)$")
_EVIDENCE = re.compile(r"D\d+:\d+")


class Question(BaseModel):
    question: str
    answer: str
    evidence: list[str] = Field(default_factory=list)
    category: int


class Conversation(BaseModel):
    sample_id: str
    speakers: list[str]
    turns: list[TurnIn]
    questions: list[Question]
    last_ts: float


def _session_turns(conv: dict, number: int, sample_id: str) -> list[TurnIn]:
    raw_date = conv.get(f"session_{number}_date_time")
    ts = parse_date(raw_date) if raw_date else None
    if ts is None:
        raise DataFileError(f"{sample_id}: session_{number} has no readable session_{number}_date_time")
    out = []
    for i, turn in enumerate(conv[f"session_{number}"]):
        if not isinstance(turn, dict) or "text" not in turn or "speaker" not in turn:
            raise DataFileError(f"{sample_id}: session_{number} turn {i} lacks 'speaker' or 'text'")
        out.append(
            TurnIn(
                session_id=f"S{number}",
                role="user",
                text=str(turn["text"]),
                ts=ts + i,
                speaker=str(turn["speaker"]),
                source_id=turn.get("dia_id"),
                caption=turn.get("blip_caption"),
            )
        )
    return out


def _conversation(sample: dict, position: int) -> Conversation:
    if not isinstance(sample, dict) or "conversation" not in sample:
        raise DataFileError(f"LoCoMo sample {position} has no 'conversation'")
    sample_id = str(sample.get("sample_id", f"conv-{position}"))
    conv = sample["conversation"]
    numbers = sorted(int(m.group(1)) for k in conv if (m := _SESSION.match(k)) and isinstance(conv[k], list))
    turns = [t for n in numbers for t in _session_turns(conv, n, sample_id)]
    questions = []
    for qa in sample.get("qa", []):
        evidence = [e for item in qa.get("evidence", []) for e in _EVIDENCE.findall(str(item))]
        answer = qa.get("answer", qa.get("adversarial_answer", ""))
        questions.append(
            Question(
                question=str(qa["question"]),
                answer=str(answer),
                evidence=evidence,
                category=int(qa.get("category", 0)),
            )
        )
    speakers = [conv.get("speaker_a", ""), conv.get("speaker_b", "")]
    return Conversation(
        sample_id=sample_id,
        speakers=speakers,
        turns=turns,
        questions=questions,
        last_ts=max((t.ts or 0.0) for t in turns) if turns else 0.0,
    )


def load_locomo(path: str | Path) -> list[Conversation]:
    """Parse a LoCoMo JSON file; raises :class:`DataFileError` with a one-line reason if it is not one."""
    file = Path(path)
    data = read_json(file, "LoCoMo")
    if not isinstance(data, list) or not data:
        raise DataFileError(f"{file} is not a LoCoMo file: expected a non-empty list of samples")
    try:
        return [_conversation(s, i) for i, s in enumerate(data)]
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"{file} is not a LoCoMo file: {type(exc).__name__} {exc}") from None
