"""The two prompts KGT scores with the frozen LM (text in :mod:`usermind.prompts.kgt`), and how a
triple is written as a fact."""

from __future__ import annotations

from usermind.graphs.models import Triple
from usermind.prompts import render
from usermind.prompts.kgt import REASONING, RETRIEVAL

__all__ = [
    "REASONING",
    "RETRIEVAL",
    "continuation",
    "fact_text",
    "reasoning_prompt",
    "retrieval_prompt",
    "triple_fact",
]
NO_FACTS = "none"


def fact_text(head: str, relation: str, tail: str) -> str:
    """A triple as the LM reads it: ``head relation tail``."""
    return f"{head} {relation} {tail}"


def triple_fact(triple: Triple) -> str:
    return fact_text(triple.head, triple.relation, triple.tail)


def retrieval_prompt(query: str, head: str) -> str:
    return render("kgt_retrieval", query=query.strip(), head=head)


def reasoning_prompt(query: str, facts: list[str]) -> str:
    return render("kgt_reasoning", query=query.strip(), facts="; ".join(facts) if facts else NO_FACTS)


def continuation(text: str) -> str:
    """A continuation scored after a prompt: one leading space, as the LM would write it."""
    return " " + text.strip()
