"""Replies built from what the user said, without the model: an acknowledgement for a message that only
tells something, and a memory-grounded fallback when a small model's reply fails its check."""

from __future__ import annotations

import re
from typing import Any

from usermind.agent.person import fact_to_second_person, second_person
from usermind.memory.extraction.rules import extract_sentence

_SENTENCES = re.compile(r"(?<=[.!;])\s+")
_REQUEST = re.compile(
    r"^\s*(?:what|what's|who|who's|where|where's|when|why|how|which|whose|can|could|would|will|shall|"
    r"should|do|does|did|is|are|am|tell|suggest|recommend|give|find|help|show|list|write|explain|"
    r"please|remind|let's|plan|make|book|describe|name|guess|say|translate|compare|check|pick|choose)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|my|me|mine|we|our)\b", re.IGNORECASE)
MAX_ECHO_WORDS = 25


def _sentences(message: str) -> list[str]:
    return [s for s in _SENTENCES.split(message.strip()) if s.strip()]


def is_statement(message: str) -> bool:
    """True for a message that only tells something about the user: first person, no question mark,
    no sentence that asks or requests."""
    if not _sentences(message) or asks(message):
        return False
    return bool(_FIRST_PERSON.search(message))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def stated_facts(message: str) -> list[str]:
    """The facts the LLM-free extractor (the one the ``remember`` node runs) finds in ``message``."""
    found = []
    for sentence in _sentences(message):
        matches = extract_sentence(sentence, "User")  # in the order the user said them
        found += [m[4] for m in sorted(matches, key=lambda m: sentence.lower().find(m[1].lower()))]
    return _unique(found)


def acknowledgement(message: str) -> tuple[str, list[str]]:
    """A short acknowledgement that says back what was remembered, and the facts it names."""
    facts = stated_facts(message)
    if facts:
        return "Noted: " + _join([fact_to_second_person(f) for f in facts]) + ".", facts
    said = " ".join(message.split()).rstrip(".!; ")
    if len(said.split()) > MAX_ECHO_WORDS:
        return "Noted, I will remember what you told me.", []
    return f"Noted: {second_person(said)}.", []


def memory_sentence(memory: dict[str, Any]) -> str:
    text = " ".join(str(memory["text"]).split()).rstrip(".!; ")
    return fact_to_second_person(text) if memory.get("kind") in ("fact", "graph") else second_person(text)


def _not_contained(sentences: list[str]) -> list[str]:
    """Without the sentences another one already says ("you live in Lisbon" beside "you're vegetarian
    and you live in Lisbon"), in their order."""
    low = [x.lower() for x in sentences]
    return [x for i, x in enumerate(sentences) if not any(i != j and low[i] in o for j, o in enumerate(low))]


def asks(text: str) -> bool:
    """True for a message with a question or a request in it (what the user asked, not told)."""
    return "?" in text or any(_REQUEST.match(s) for s in _sentences(text))


def grounded_fallback(memories: list[dict[str, Any]], limit: int = 3) -> str:
    """The reply when the model's reply failed its check twice: the kept memories, said to the user
    (not the user's own earlier questions); an honest "no good answer" when none were kept."""
    told = [
        m
        for m in memories
        if str(m.get("text", "")).strip() and not (m.get("kind") == "turn" and asks(str(m["text"])))
    ]
    said = _not_contained(_unique([memory_sentence(m) for m in told]))
    said = said[:limit]
    if not said:
        return "Sorry, I don't have a good answer to that."
    return "Here is what I know that may help: " + "; ".join(said) + "."
