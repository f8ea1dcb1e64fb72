"""Memory prompts: LLM fact extraction and the extractive Self-ReCheck."""

from __future__ import annotations

from pydantic import BaseModel, Field

from usermind.prompts.library import register_prompt

FACT_EXTRACTION = """Extract durable facts about the people in these dialogue turns (preferences, identity, places,
jobs, relationships, plans, events). One fact per item: subject (the person's name, or "user"), a short
snake_case predicate (likes, dislikes, lives_in, works_as, has, favorite_food, ...), the object, a
one-sentence statement, your confidence 0..1, and the number of the turn it comes from.
Set negated=true when the turn says a fact no longer holds ("I moved out of Paris").
Return an empty list when the turns contain no such facts.

Turns:
{turns}"""  # noqa: E501


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


@register_prompt("fact_extraction", ("turns",), ExtractedFacts)
def fact_extraction(*, turns: str) -> str:
    """``turns``: numbered lines ``[1] speaker: text``."""
    return FACT_EXTRACTION.format(turns=turns)


NONE_MARKER = "NO RELEVANT CONTEXT"
MEMORY_RECHECK = """You are given a user's message and numbered memories about the user.
Keep only the original memory sentences that are directly useful for answering the message.
Do not answer the message. Do not rewrite, summarise or merge sentences: copy each useful one exactly,
one per line, with its number in square brackets. If none is directly useful, reply exactly:
NO RELEVANT CONTEXT

Message: {message}

Memories:
{memories}"""


@register_prompt("memory_recheck", ("message", "memories"))
def memory_recheck(*, message: str, memories: str) -> str:
    """Free-text answer: the kept memory lines with their ``[n]`` numbers, or ``NONE_MARKER``."""
    return MEMORY_RECHECK.format(message=message, memories=memories)


QUERY_DECOMPOSITION = """Split the question into at most {parts} short search queries that together find
everything needed to answer it: one per item, event, person or time it asks about, each a short
statement (for "Which countries has Ana worked in?": Ana worked in Japan / Ana's job in Brazil).
Keep the names.
Write each query on its own line and nothing else.

Question: {question}
Queries:"""


@register_prompt("query_decomposition", ("question", "parts"))
def query_decomposition(*, question: str, parts: str) -> str:
    """Free-text answer: one search query per line (``parts``: the most wanted, a number as text)."""
    return QUERY_DECOMPOSITION.format(question=question, parts=parts)
