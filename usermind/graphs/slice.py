"""The slice of a user's graph handed to generation: current triples that share words with the message."""

from __future__ import annotations

import re

from usermind.graphs.models import SELF, Triple

_STOP = set(
    "a an the is are was were be been am i me my mine you your we our it its of in on at to for from with "
    "and or but not no do does did what which who whom when where why how this that these those there "
    "have has had can could would should will shall may might about tell please".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def relevant_triples(triples: list[Triple], message: str, limit: int = 8) -> list[Triple]:
    """Current triples ranked by content words shared with ``message``; weight breaks ties."""
    query = {_stem(w) for w in _words(message)}
    scored = []
    for triple in triples:
        if not triple.current:
            continue
        words = {_stem(w) for w in _words(f"{triple.head} {triple.relation} {triple.tail}")}
        overlap = len(query & words)
        if overlap:
            scored.append((overlap, triple.weight, triple))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [triple for _, _, triple in scored[:limit]]


MIRRORED = "memory"  # provenance source of triples copied from semantic facts (recalled as facts already)


def describe(triple: Triple) -> str:
    head = "the user" if triple.head == SELF else triple.head
    return f"{head} {triple.relation} {triple.tail}"
