"""LLM fact extraction: one structured-output call per batch of a session's turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.memory.extraction.candidates import Candidate
from usermind.memory.models import Turn
from usermind.prompts import render
from usermind.prompts.memory import ExtractedFact, ExtractedFacts

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

__all__ = ["ExtractedFact", "ExtractedFacts", "extract_llm"]


def _label(turn: Turn) -> str:
    who = turn.speaker or ("user" if turn.role == "user" else "assistant")
    return f"{who}: {turn.text}"


def extract_llm(llm: ChatModel, turns: list[Turn]) -> list[Candidate]:
    """Candidates from one batch of turns; raises the client's errors (the caller falls back to rules)."""
    block = "\n".join(f"[{i}] {_label(t)}" for i, t in enumerate(turns, 1))
    result = llm.structured(
        [{"role": "user", "content": render("fact_extraction", turns=block)}], ExtractedFacts
    )
    out: list[Candidate] = []
    for item in result.facts:
        if not (1 <= item.turn <= len(turns)) or not item.object.strip() or not item.predicate.strip():
            continue
        source = turns[item.turn - 1]
        subject = (
            "User" if item.subject.lower() in ("user", "i", "me") and not source.speaker else item.subject
        )
        out.append(
            Candidate(
                subject=subject.strip(),
                predicate=item.predicate.strip().lower().replace(" ", "_"),
                object=item.object.strip(),
                text=item.statement.strip() or f"{subject} {item.predicate} {item.object}",
                confidence=item.confidence,
                source_ids=[source.id],
                valid_from=source.ts,
                negated=item.negated,
            )
        )
    return out
