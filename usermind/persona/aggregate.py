"""LLM-free persona building: first-person statements and fact triples → aggregated attributes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from usermind.persona.models import FactLike, PersonaAttribute

_END = r"(?=\s+(?:and|but|because|so|since|when|if)\b|[,.!?;]|$)"
_VALUE = r"([a-z][\w' -]{1,40}?)"
_PATTERNS: list[tuple[re.Pattern[str], str, int]] = [
    (
        re.compile(
            rf"\bi (?:really |absolutely |totally )?(?:love|like|enjoy|adore|am into|am a fan of) "
            rf"{_VALUE}{_END}"
        ),
        "likes",
        1,
    ),
    (
        re.compile(rf"\bi(?: really)? (?:hate|dislike|can't stand|cannot stand|detest) {_VALUE}{_END}"),
        "likes",
        -1,
    ),
    (
        re.compile(rf"\bi (?:don't|do not|never) (?:really )?(?:like|enjoy|eat|want|drink) {_VALUE}{_END}"),
        "likes",
        -1,
    ),
    (re.compile(rf"\bi(?:'m| am) (?:allergic to) {_VALUE}{_END}"), "allergy", 1),
    (re.compile(rf"\bi(?:'m| am) (?:a )?(vegetarian|vegan|pescatarian|keto|gluten-free){_END}"), "diet", 1),
    (re.compile(rf"\bi (?:live|am based|reside) in {_VALUE}{_END}"), "location", 1),
    (re.compile(rf"\bi(?:'ve| have) (?:just )?moved to {_VALUE}{_END}"), "location", 1),
    (re.compile(rf"\bi work (?:as|at) (?:an? )?{_VALUE}{_END}"), "occupation", 1),
    (
        re.compile(
            rf"\bi(?:'m| am) an? ((?:[a-z]+ )?(?:nurse|teacher|student|chef|doctor|lawyer|designer|"
            rf"developer|engineer|writer|[a-z]+(?:er|or|ist|ian))){_END}"
        ),
        "occupation",
        1,
    ),
    (re.compile(rf"\bmy (?:favou?rite|fav) (\w+) is {_VALUE}{_END}"), "favorite_", 1),
    (re.compile(rf"\bmy hobby is {_VALUE}{_END}"), "hobby", 1),
    (re.compile(rf"\bi (?:play|practi[cs]e|go) {_VALUE} (?:every|on|most|each)"), "hobby", 1),
    (re.compile(rf"\bi prefer {_VALUE} (?:over|to) {_VALUE}{_END}"), "prefer_over", 1),
    (re.compile(rf"\bi prefer {_VALUE}{_END}"), "likes", 1),
    (re.compile(rf"\bmy name is {_VALUE}{_END}"), "name", 1),
    (
        re.compile(
            rf"\bi(?:'m| am) (?:a )?(christian|muslim|jewish|hindu|buddhist|atheist|gay|lesbian|bisexual|"
            rf"diabetic|democrat|republican){_END}"
        ),
        "identity",
        1,
    ),
]
_DIETS = {"vegetarian", "vegan", "pescatarian", "keto", "gluten-free", "christian", "librarian"} - {
    "librarian"
}
_LEADING = re.compile(r"^(?:the|a|an|some|my|to|eating|having|going|being)\s+")


def _clean(value: str) -> str:
    value = _LEADING.sub("", value.strip().strip("'\" ")).strip()
    return re.sub(r"\s+(?:a lot|so much|very much|too|really|anymore|at all)$", "", value)


def extract_statements(text: str) -> list[PersonaAttribute]:
    """Attributes a user states about themself in ``text`` (source ``stated``, one piece of evidence each)."""
    found: list[PersonaAttribute] = []
    lowered = text.lower().replace("’", "'")
    for pattern, attribute, polarity in _PATTERNS:
        for m in pattern.finditer(lowered):
            if attribute == "prefer_over":
                found.append(_attr("likes", m[1], 1, text))
                found.append(_attr("likes", m[2], -1, text))
            elif attribute == "favorite_":
                found.append(_attr(f"favorite_{m[1]}", m[2], 1, text))
            else:
                found.append(_attr(attribute, m[1], polarity, text))
    return [
        a
        for a in found
        if a.value and " over " not in a.value and not (a.attribute == "occupation" and a.value in _DIETS)
    ]


def _attr(attribute: str, value: str, polarity: int, quote: str, source: str = "stated") -> PersonaAttribute:
    return PersonaAttribute(
        attribute=attribute,
        value=_clean(value),
        polarity=polarity,
        confidence=0.5,
        source=source,
        provenance=[quote[:160]],
    )


def from_facts(facts: Iterable[FactLike | tuple[str, str, str]]) -> list[PersonaAttribute]:
    """Fact triples about the user → attributes ``predicate = object`` (negated predicates → −1)."""
    out = []
    for fact in facts:
        subj, pred, obj = fact if isinstance(fact, tuple) else (fact.subject, fact.predicate, fact.object)
        negative = bool(re.match(r"^(?:not|doesn't|does not|dislikes|hates)\b", pred.strip().lower()))
        pred_key = re.sub(r"^(?:not|doesn't|does not)\s+", "", pred.strip().lower())
        pred_key = {
            "dislikes": "likes",
            "hates": "likes",
            "loves": "likes",
            "enjoys": "likes",
            "lives in": "location",
            "works as": "occupation",
        }.get(pred_key, pred_key).replace(" ", "_")
        out.append(_attr(pred_key, obj, -1 if negative else 1, f"{subj} {pred} {obj}", source="inferred"))
    return out


@dataclass
class _Evidence:
    net: float = 0.0
    count: int = 0
    last_polarity: int = 1
    sources: set[str] = field(default_factory=set)
    provenance: list[str] = field(default_factory=list)


def aggregate(
    observations: Iterable[PersonaAttribute], min_confidence: float = 0.0
) -> list[PersonaAttribute]:
    """Merge repeated evidence: confidence 1 − 0.5^n, the latest polarity wins, provenance kept (≤5)."""
    table: dict[tuple[str, str], _Evidence] = {}
    for obs in observations:
        ev = table.setdefault((obs.attribute, obs.value.lower()), _Evidence())
        weight = obs.confidence if obs.source != "stated" else max(obs.confidence, 0.5)
        ev.net += obs.polarity * weight
        ev.count += 1
        ev.last_polarity = obs.polarity
        ev.sources.add(obs.source)
        ev.provenance = (ev.provenance + obs.provenance)[-5:]
    out = []
    for (attribute, value), ev in table.items():
        confidence = 1 - 0.5**ev.count
        source = (
            "stated" if "stated" in ev.sources else ("feedback" if "feedback" in ev.sources else "inferred")
        )
        if confidence >= min_confidence:
            out.append(
                PersonaAttribute(
                    attribute=attribute,
                    value=value,
                    polarity=ev.last_polarity,
                    confidence=round(confidence, 3),
                    source=source,
                    provenance=ev.provenance,
                )
            )
    return out


def persona_from_texts(
    texts: Iterable[str], facts: Iterable[FactLike | tuple[str, str, str]] = ()
) -> list[PersonaAttribute]:
    """The whole LLM-free path: statements in user turns plus fact triples, aggregated."""
    observations = [a for t in texts for a in extract_statements(t)]
    observations += from_facts(facts)
    return aggregate(observations)
