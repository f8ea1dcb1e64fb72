"""LLM-free fact extraction from first-person statements ("I live in Berlin", "my dog's name is Rex")."""

from __future__ import annotations

import re

from usermind.memory.extraction.candidates import Candidate
from usermind.memory.models import Turn

_OBJ = r"(?P<obj>[^.,;!?()]+?)"
_END = r"(?=\s*(?:[.,;!?)]|\band\b|\bbut\b|\bbecause\b|\bso\b|\bwhich\b|\bwho\b|$))"
_RELATIONS = (
    r"(?P<rel>wife|husband|partner|boyfriend|girlfriend|son|daughter|brother|sister|mom|mother|dad|father|"
    r"dog|cat|pet|best friend|boss)"
)

# (pattern, predicate, negated, confidence, template); ``{obj}``/``{rel}`` are filled from the match.
_PATTERNS: list[tuple[str, str, bool, float, str]] = [
    (r"\bmy name is " + _OBJ + _END, "name", False, 0.95, "{s}'s name is {obj}"),
    (r"\bi(?:'m| am) (?P<obj>\d{1,3}) years old", "age", False, 0.9, "{s} is {obj} years old"),
    (
        r"\bi (?:no longer|don't|do not) live in " + _OBJ + _END,
        "lives_in",
        True,
        0.85,
        "{s} no longer lives in {obj}",
    ),
    (r"\bi (?:now )?live in " + _OBJ + _END, "lives_in", False, 0.9, "{s} lives in {obj}"),
    (r"\bi (?:just |recently )?moved to " + _OBJ + _END, "lives_in", False, 0.85, "{s} lives in {obj}"),
    (r"\bi(?:'m| am) (?:originally )?from " + _OBJ + _END, "from", False, 0.85, "{s} is from {obj}"),
    (r"\bi work (?:as an?|as) " + _OBJ + _END, "works_as", False, 0.85, "{s} works as {obj}"),
    (r"\bi work (?:at|for) " + _OBJ + _END, "works_at", False, 0.85, "{s} works at {obj}"),
    (
        r"\bi(?:'m| am) an? (?P<obj>(?:[a-z]+ )?(?:teacher|engineer|nurse|doctor|student|developer|"
        r"designer|writer|artist|manager|lawyer|chef|scientist|musician|counselor|programmer|accountant))\b",
        "works_as",
        False,
        0.8,
        "{s} is a {obj}",
    ),
    (
        r"\bi(?:'m| am) (?:a )?(?P<obj>vegetarian|vegan|pescatarian|gluten[- ]free)\b",
        "diet",
        False,
        0.9,
        "{s} is {obj}",
    ),
    (r"\bi(?:'m| am) allergic to " + _OBJ + _END, "allergic_to", False, 0.9, "{s} is allergic to {obj}"),
    (
        r"\bmy favou?rite (?P<rel>[a-z]+(?: [a-z]+)?) is " + _OBJ + _END,
        "favorite_{rel}",
        False,
        0.9,
        "{s}'s favorite {rel} is {obj}",
    ),
    (
        r"\bi (?:don't|do not|no longer|never) (?:like|love|enjoy) " + _OBJ + _END,
        "dislikes",
        False,
        0.8,
        "{s} does not like {obj}",
    ),
    (r"\bi (?:hate|dislike|can't stand) " + _OBJ + _END, "dislikes", False, 0.85, "{s} dislikes {obj}"),
    (
        r"\bi (?:really |absolutely )?(?:like|love|enjoy|adore) " + _OBJ + _END,
        "likes",
        False,
        0.75,
        "{s} likes {obj}",
    ),
    (
        r"\bi(?:'m| am) (?:really )?(?:into|passionate about|a fan of) " + _OBJ + _END,
        "likes",
        False,
        0.75,
        "{s} likes {obj}",
    ),
    (r"\bi (?:play|practice|practise) " + _OBJ + _END, "does", False, 0.7, "{s} plays {obj}"),
    (
        r"\bi (?:have|own|got) (?P<obj>(?:a|an|two|three|\d+) [^.,;!?]+?)" + _END,
        "has",
        False,
        0.7,
        "{s} has {obj}",
    ),
    (
        r"\bmy " + _RELATIONS + r"(?:'s name)? is (?:called |named )?(?P<obj>[A-Z][a-z]+)\b",
        "{rel}",
        False,
        0.85,
        "{s}'s {rel} is {obj}",
    ),
    (
        r"\bi(?:'m| am) (?P<obj>single|married|engaged|divorced|dating someone|in a relationship)\b",
        "relationship_status",
        False,
        0.85,
        "{s} is {obj}",
    ),
    (r"\bi(?:'m| am) (?:studying|majoring in) " + _OBJ + _END, "studies", False, 0.8, "{s} studies {obj}"),
]
_COMPILED: list[tuple[re.Pattern[str], str, bool, float, str]] = [
    (re.compile(p, re.IGNORECASE), *rest)  # type: ignore[misc]
    for p, *rest in _PATTERNS
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_BAD_OBJECT = re.compile(r"^(?:it|that|this|them|you|to|the idea|how|what|when|being|doing)\b", re.IGNORECASE)


_TRAILING_TIME = re.compile(
    r"\s+(?:now|today|yesterday|recently|lately|again|these days|last \w+|this \w+|next \w+|"
    r"\w+ (?:days|weeks|months|years) ago|in \d{4}|since \w+)$",
    re.IGNORECASE,
)


_MY = re.compile(r"\bmy\b", re.IGNORECASE)


def _clean(obj: str) -> str:
    """Trim articles, trailing time phrases ("Munich last week" -> "Munich") and overlong objects; the
    user's "my" inside reads "their" ("a herniated disc in my lower back")."""
    obj = obj.strip()
    if obj.lower().startswith(("the ", "my ")):
        obj = obj.split(" ", 1)[1]
    obj = _MY.sub("their", obj)
    previous = None
    while previous != obj:
        previous, obj = obj, _TRAILING_TIME.sub("", obj)
    return " ".join(obj.split()[:8])


def extract_sentence(sentence: str, subject: str) -> list[tuple[str, str, bool, float, str]]:
    """(predicate, object, negated, confidence, text) for every pattern that matches ``sentence``."""
    found: list[tuple[str, str, bool, float, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, predicate, negated, confidence, template in _COMPILED:
        for m in pattern.finditer(sentence):
            if any(a <= m.start() < b for a, b in taken):
                continue  # a more specific pattern already claimed this span ("don't like" before "like")
            obj = _clean(m.group("obj"))
            if not obj or _BAD_OBJECT.match(obj) or len(obj) < 2:
                continue
            rel = (m.groupdict().get("rel") or "").lower().replace(" ", "_")
            pred = predicate.format(rel=rel)
            text = template.format(s=subject, obj=obj, rel=rel.replace("_", " "))
            found.append((pred, obj, negated, confidence, text))
            taken.append((m.start(), m.end()))
    return found


def extract_rules(turn: Turn, subject: str | None = None) -> list[Candidate]:
    """Candidate facts stated in first person in one user turn."""
    if turn.role != "user":
        return []
    who = subject or turn.speaker or "User"
    out: list[Candidate] = []
    for sentence in _SENTENCE.split(turn.text):
        for predicate, obj, negated, confidence, text in extract_sentence(sentence, who):
            out.append(
                Candidate(
                    subject=who,
                    predicate=predicate,
                    object=obj,
                    text=text,
                    confidence=confidence,
                    source_ids=[turn.id],
                    valid_from=turn.ts,
                    negated=negated,
                )
            )
    return out
