"""LLM fact extraction: one structured-output call per batch of a session's turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from usermind.memory.extraction.candidates import Candidate
from usermind.memory.models import Turn

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

PROMPT = """Extract durable facts about the people in these dialogue turns (preferences, identity, places,
jobs, relationships, plans, events). One fact per item: subject (the person's name, or "user"), a short
snake_case predicate (likes, dislikes, lives_in, works_as, has, favorite_food, ...), the object, a
one-sentence statement, your confidence 0..1, and the number of the turn it comes from.
Set negated=true when the turn says a fact no longer holds ("I moved out of Paris").
Return an empty list when the turns contain no such facts.

Turns:
{turns}"""


class ExtractedFact(BaseModel):
    subject: str
    predicate: str
    object: str
    statement: str
    confidence: float = Field(0.7, ge=0, le=1)
    turn: int = Field(description="number of the source turn")
    negated: bool = False


class ExtractedFacts(BaseModel):
    facts: list[ExtractedFact] = Field(default_factory=list)


def _label(turn: Turn) -> str:
    who = turn.speaker or ("user" if turn.role == "user" else "assistant")
    return f"{who}: {turn.text}"


def extract_llm(llm: ChatModel, turns: list[Turn]) -> list[Candidate]:
    """Candidates from one batch of turns; raises the client's errors (the caller falls back to rules)."""
    block = "\n".join(f"[{i}] {_label(t)}" for i, t in enumerate(turns, 1))
    result = llm.structured([{"role": "user", "content": PROMPT.format(turns=block)}], ExtractedFacts)
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
