"""The two prompts KGT scores with the frozen LM, and how a triple is written as a fact."""

from __future__ import annotations

from usermind.graphs.models import Triple

RETRIEVAL = "To answer the query: {query}, I need information {head}"
REASONING = (
    "Answer the query considering the user's personalized facts. "
    "<question>: {query} <facts>: {facts} <answer>:"
)
NO_FACTS = "none"


def fact_text(head: str, relation: str, tail: str) -> str:
    """A triple as the LM reads it: ``head relation tail``."""
    return f"{head} {relation} {tail}"


def triple_fact(triple: Triple) -> str:
    return fact_text(triple.head, triple.relation, triple.tail)


def retrieval_prompt(query: str, head: str) -> str:
    return RETRIEVAL.format(query=query.strip(), head=head)


def reasoning_prompt(query: str, facts: list[str]) -> str:
    return REASONING.format(query=query.strip(), facts="; ".join(facts) if facts else NO_FACTS)


def continuation(text: str) -> str:
    """A continuation scored after a prompt: one leading space, as the LM would write it."""
    return " " + text.strip()
