"""Persona → prompt text with a personalization degree α, and the cold-start clarifying question."""

from __future__ import annotations

import re

from usermind.memory.passing import states_in_passing
from usermind.memory.requests import read_as_request
from usermind.persona.models import Persona, PersonaAttribute


def select_for_alpha(persona: Persona, alpha: float) -> list[PersonaAttribute]:
    """The ⌈α·n⌉ most confident attributes (stated before inferred on ties); α=0 → none, α=1 → all."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"personalization degree must be in [0, 1], got {alpha}")
    ranked = sorted(persona.attributes, key=lambda a: (a.confidence, a.source == "stated"), reverse=True)
    n = len(ranked)
    keep = 0 if alpha == 0 else max(1, round(alpha * n + 0.4999)) if n else 0
    return ranked[:keep]


def render_persona(persona: Persona, alpha: float = 1.0) -> str:
    """A short block for the system prompt; empty at α=0, softer wording at low α."""
    chosen = select_for_alpha(persona, alpha)
    if not chosen:
        return ""
    lines = [f"- {a.sentence()}" + (" (uncertain)" if a.confidence < 0.5 else "") for a in chosen]
    lead = (
        "What you know about the user (use it where it helps):"
        if alpha >= 0.5
        else "Some background on the user (mention it only if clearly relevant):"
    )
    return lead + "\n" + "\n".join(lines)


_BOOKING = re.compile(r"^\s*(?:please\s+)?(?:book|order|buy|get|reserve)\s+(?:me|us)\b", re.I)


def _asks_for_something_personal(message: str, request: bool | None = None) -> bool:
    """A request for a recommendation, plan, choice or booking — not any question ("What do parrots
    eat?" is answered, not met with a question about the user's diet).  ``request``: the memory
    system's own reading of the message (rules and classifier); None: the wording rules alone."""
    return read_as_request(message, request) or bool(_BOOKING.search(message))


# request cue → (attributes that answer it, question to ask when none is known)
_COLD_START: list[tuple[re.Pattern[str], tuple[str, ...], str]] = [
    (
        re.compile(r"\b(restaurant|dinner|lunch|recipe|cook|meal|eat|food)\b", re.I),
        ("diet", "likes", "allergy", "favorite_food", "favorite_cuisine"),
        "Before I suggest something: do you have any dietary preferences or foods you avoid?",
    ),
    (
        re.compile(r"\b(flight|trip|travel|hotel|vacation|holiday)\b", re.I),
        ("location", "travel_style", "budget"),
        "Where would you be travelling from, and do you prefer budget or comfort?",
    ),
    (
        re.compile(r"\b(buy|shop|order|gift|purchase)\b", re.I),
        ("budget", "favorite_brand", "size", "shopping_platform"),
        "Do you have a budget or a preferred shop or brand for this?",
    ),
    (
        re.compile(r"\b(movie|film|show|series|book|music|song|playlist)\b", re.I),
        ("likes", "favorite_genre", "favorite_movie", "favorite_music"),
        "What genres or titles do you usually enjoy?",
    ),
    (
        re.compile(r"\b(workout|exercise|training|gym|run)\b", re.I),
        ("hobby", "fitness_level", "health"),
        "What is your current fitness level, and do you have any injuries I should consider?",
    ),
]


def clarifying_question(persona: Persona, message: str, request: bool | None = None) -> str | None:
    """One question to ask when the request depends on a preference the profile lacks; else None
    (``request``: whether the memory system took the message for a request; None: the rules decide)."""
    if not _asks_for_something_personal(message, request):  # nor statements ("my flight is on Friday")
        return None
    if states_in_passing(message):  # the user just said something about themselves: answer with it
        return None  # ("I'm vegetarian. Where should we go for dinner?")
    known = {a.attribute for a in persona.attributes}
    for pattern, attributes, question in _COLD_START:
        if pattern.search(message) and not known & set(attributes):
            return question
    return None
