"""KGT prompts: the two the frozen LM scores continuations of, and the LLM relation extraction."""

from __future__ import annotations

from pydantic import BaseModel, Field

from usermind.prompts.library import register_prompt

RETRIEVAL = "To answer the query: {query}, I need information {head}"
REASONING = (
    "Answer the query considering the user's personalized facts. "
    "<question>: {query} <facts>: {facts} <answer>:"
)


@register_prompt("kgt_retrieval", ("query", "head"))
def kgt_retrieval(*, query: str, head: str) -> str:
    """Scored, not answered: log P(relation | this prompt)."""
    return RETRIEVAL.format(query=query, head=head)


@register_prompt("kgt_reasoning", ("query", "facts"))
def kgt_reasoning(*, query: str, facts: str) -> str:
    """Scored, not answered: log P(answer | this prompt)."""
    return REASONING.format(query=query, facts=facts)


class LLMRelations(BaseModel):
    """Schema of the LLM relation-extraction prompt."""

    relations: list[str] = Field(default_factory=list)


@register_prompt("kgt_relations", ("limit", "head", "answer", "query"), LLMRelations)
def kgt_relations(*, limit: int, head: str, answer: str, query: str) -> str:
    return (
        "A user asked a question and gave the correct answer. List up to "
        f"{limit} short relation phrases r such that the fact ({head}, r, {answer}) answers the question.\n"
        f"Question: {query}\nAnswer: {answer}\n"
        'Reply as JSON: {"relations": ["..."]}'
    )
