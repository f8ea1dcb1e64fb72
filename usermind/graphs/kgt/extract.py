"""Entities and candidate relations from a query and its feedback answer.

LLM-free path: relation templates derived from the query wording ("What is my favourite X?" ->
(user, favourite X, a); "What is my dog's name?" -> (my dog, name, a); "Which city do I live in?"
-> (user, lives in, a); "What is the capital of France?" -> (france, capital, a); "Where is the
Louvre?" -> (the louvre, located in, a)); when no template fits, the fallback is the query's
subject phrase as e_q.  With a capable model, :func:`llm_relations` asks for more relations.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from usermind.graphs.models import SELF
from usermind.prompts import render
from usermind.prompts.kgt import LLMRelations

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

_WH = r"(?:what|which|who|whom|where|when|how)"
_AUX = r"(?:is|are|was|were|'s|do|does|did)"
_IRREGULAR = {"have": "has", "do": "does", "go": "goes", "be": "is"}
_WHERE_PREP = {"where": "in", "when": "on"}


class Extraction(BaseModel):
    """e_q, e_a and the candidate relations read from one (query, answer) pair."""

    head: str
    answer: str
    relations: list[str] = Field(min_length=1)


def clean(text: str) -> str:
    """Strip whitespace, surrounding quotes and trailing punctuation."""
    return text.strip().strip("\"'").rstrip("?.!").strip()


def third_person(verb: str) -> str:
    """The third-person singular of an English verb (heuristic: run -> runs, watch -> watches)."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if re.search(r"(s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _possessive(phrase: str) -> tuple[str, str]:
    """'my dog's name' -> ('my dog', 'name'); 'my favourite fruit' -> (user, 'favourite fruit')."""
    if "'s " in phrase:
        owner, attribute = phrase.rsplit("'s ", 1)
        return owner.strip(), attribute.strip()
    return SELF, phrase.removeprefix("my ").strip()


def _match(pattern: str, text: str) -> re.Match[str] | None:
    return re.match(pattern, text, flags=re.IGNORECASE)


def _templates(q: str) -> tuple[str, str] | None:
    """(e_q, relation) from the query wording, or None when no template matches."""
    m = _match(rf"^{_WH}\s+(?:is|are|was|were)\s+(my\s+.+)$", q) or _match(r"^(?:tell me\s+)?(my\s+.+)$", q)
    if m:
        return _possessive(m.group(1).lower())
    m = _match(rf"^({_WH})(?:\s+(\w+))?\s+(?:do|does|did)\s+i\s+(\w+)(.*)$", q)
    if m:
        wh, noun, verb, rest = m.groups()
        relation = " ".join(p for p in (third_person(verb.lower()), rest.strip().lower()) if p)
        if not rest.strip() and wh.lower() in _WHERE_PREP and not noun:
            relation += " " + _WHERE_PREP[wh.lower()]
        return SELF, relation
    m = _match(rf"^{_WH}\s+(?:is|are|was|were)\s+the\s+(.+?)\s+of\s+(.+)$", q)
    if m:
        return m.group(2).strip(), m.group(1).strip().lower()
    m = _match(rf"^{_WH}\s+(?:is|are|was|were)\s+(.+?)'s\s+(.+)$", q)
    if m:
        return m.group(1).strip(), m.group(2).strip().lower()
    m = _match(r"^where\s+(?:is|are|was|were)\s+(.+?)(?:\s+(located|based|from))?$", q)
    if m:
        verb = (m.group(2) or "located").lower()
        return m.group(1).strip(), f"{verb} in" if verb != "from" else "from"
    return None


def subject_phrase(q: str) -> str:
    """Fallback e_q: the query without its question word and auxiliary verb."""
    stripped = re.sub(rf"^{_WH}(?:\s+\w+)?\s+{_AUX}\s+", "", q, flags=re.IGNORECASE)
    stripped = re.sub(rf"^{_WH}\s+", "", stripped, flags=re.IGNORECASE)
    return stripped.strip() or q


def extract(query: str, answer: str) -> Extraction:
    """LLM-free e_q, e_a and relation(s) for a query and the user's answer."""
    q = " ".join(clean(query).split())
    a = clean(answer)
    if not q or not a:
        raise ValueError("KGT needs a non-empty query and answer")
    found = _templates(q)
    if found is not None:
        head, relation = found
        return Extraction(head=head, answer=a, relations=[relation])
    wh = _match(rf"^({_WH})\b", q)
    relation = {"who": "is", "where": "located in", "when": "happened on"}.get(
        wh.group(1) if wh else "", "is"
    )
    return Extraction(head=subject_phrase(q), answer=a, relations=[relation])


def llm_relations(llm: ChatModel, query: str, head: str, answer: str, limit: int) -> list[str]:
    """Relations between ``head`` and ``answer`` implied by the query, extracted by an LLM prompt."""
    prompt = render("kgt_relations", limit=limit, head=head, answer=answer, query=query)
    result = llm.structured([{"role": "user", "content": prompt}], LLMRelations)
    seen: dict[str, str] = {}
    for relation in result.relations:
        text = " ".join(clean(relation).split())
        if text and len(text) <= 60:
            seen.setdefault(text.lower(), text)
    return list(seen.values())[:limit]
