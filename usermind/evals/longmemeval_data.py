"""Reading LongMemEval files as published (``longmemeval_s`` / ``_m`` / ``_oracle``, Wu et al., ICLR 2025).

A JSON list of items: ``question_id``, ``question_type``, ``question``, ``answer`` (string or number),
``question_date``, ``haystack_session_ids``, ``haystack_dates``, ``haystack_sessions`` (each a list of
``{role, content}`` turns, evidence turns flagged ``has_answer: true``) and ``answer_session_ids``.
Question ids ending in ``_abs`` are abstention questions.  Dates look like ``2023/05/20 (Sat) 02:21``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from usermind.errors import DataFileError
from usermind.evals.data_files import describe_json, read_json

REQUIRED = ("question_id", "question", "answer", "haystack_sessions")
_DATE = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\D+?(\d{1,2}):(\d{2}))?")


def parse_lme_date(text: Any) -> float | None:
    """Seconds since the epoch (UTC) of ``2023/05/20 (Sat) 02:21`` (weekday and time optional; also
    ``2023-05-20``); ``None`` when there is no date in it."""
    match = _DATE.search(str(text or ""))
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()
    except ValueError:
        return None


class LMETurn(BaseModel):
    id: str = Field(description="session id and position: the turn's source id")
    role: str
    content: str
    has_answer: bool = False


class LMESession(BaseModel):
    id: str
    ts: float | None = None
    turns: list[LMETurn]


class LMEItem(BaseModel):
    question_id: str
    question_type: str = "unknown"
    question: str
    answer: str
    question_ts: float | None = None
    sessions: list[LMESession]
    answer_session_ids: list[str] = Field(default_factory=list)

    @property
    def abstention(self) -> bool:
        return self.question_id.endswith("_abs")

    @property
    def evidence_turns(self) -> list[str]:
        return [t.id for s in self.sessions for t in s.turns if t.has_answer]


def _session(sid: str, date: Any, turns: Any) -> LMESession:
    if not isinstance(turns, list):
        raise ValueError(f"session {sid!r} is not a list of turns")
    parsed = [
        LMETurn(
            id=f"{sid}#{n}",
            role=str(t.get("role", "user")),
            content=str(t.get("content", "")),
            has_answer=bool(t.get("has_answer")),
        )
        for n, t in enumerate(turns)
        if isinstance(t, dict) and str(t.get("content", "")).strip()
    ]
    return LMESession(id=sid, ts=parse_lme_date(date), turns=parsed)


def _item(raw: dict[str, Any]) -> LMEItem:
    sessions = raw["haystack_sessions"]
    if not isinstance(sessions, list):
        raise ValueError("'haystack_sessions' is not a list")
    ids = raw.get("haystack_session_ids") or [f"session_{n}" for n in range(len(sessions))]
    dates = raw.get("haystack_dates") or [None] * len(sessions)
    if len(ids) != len(sessions) or len(dates) != len(sessions):
        raise ValueError("haystack_session_ids, haystack_dates and haystack_sessions differ in length")
    return LMEItem(
        question_id=str(raw["question_id"]),
        question_type=str(raw.get("question_type") or "unknown"),
        question=str(raw["question"]),
        answer=str(raw["answer"]),
        question_ts=parse_lme_date(raw.get("question_date")),
        sessions=[_session(str(s), d, t) for s, d, t in zip(ids, dates, sessions, strict=True)],
        answer_session_ids=[str(s) for s in raw.get("answer_session_ids") or []],
    )


def load_longmemeval(path: str | Path, limit: int | None = None) -> list[LMEItem]:
    """The items of a LongMemEval file (the first ``limit`` when given)."""
    file = Path(path)
    data = read_json(file, "LongMemEval")
    if not (isinstance(data, list) and data and all(isinstance(x, dict) for x in data)) or any(
        key not in data[0] for key in REQUIRED
    ):
        raise DataFileError(
            f"{file} is not a LongMemEval file: expected a list of items with "
            f"{', '.join(REQUIRED)}, found {describe_json(data)}"
        )
    items = []
    for n, raw in enumerate(data[:limit]):
        try:
            if missing := [key for key in REQUIRED if key not in raw]:
                raise ValueError(f"lacks {', '.join(missing)}")
            items.append(_item(raw))
        except (ValueError, ValidationError) as exc:
            name = raw.get("question_id", f"#{n}")
            raise DataFileError(f"{file}: item {name!r}: {str(exc).splitlines()[0]}") from None
    return items
