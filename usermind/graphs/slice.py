"""The slice of a user's graph handed to generation: current triples that share words with the message."""

from __future__ import annotations

from usermind.graphs.models import SELF, Triple
from usermind.text import STOPWORDS, stem, words

_STOP = STOPWORDS | {"mine", "shall", "may", "might", "tell", "please"}  # request words of a message


def _terms(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in _STOP and len(w) > 1}


def relevant_triples(triples: list[Triple], message: str, limit: int = 8) -> list[Triple]:
    """Current triples ranked by content words shared with ``message``; weight breaks ties."""
    query = _terms(message)
    scored = []
    for triple in triples:
        if not triple.current:
            continue
        overlap = len(query & _terms(f"{triple.head} {triple.relation} {triple.tail}"))
        if overlap:
            scored.append((overlap, triple.weight, triple))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [triple for _, _, triple in scored[:limit]]


MIRRORED = "memory"  # provenance source of triples copied from semantic facts (recalled as facts already)


def describe(triple: Triple) -> str:
    head = "the user" if triple.head == SELF else triple.head
    return f"{head} {triple.relation} {triple.tail}"
