"""Persona prompts: abductive personas from a pairwise choice, and guided profile generation (GPG)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from usermind.prompts.library import register_prompt


class AbductivePersona(BaseModel):
    """One sentence per direction: why someone would choose each answer."""

    persona_for_chosen: str
    persona_for_rejected: str


@register_prompt("persona_pair", ("prompt", "chosen", "rejected"), AbductivePersona)
def persona_pair(*, prompt: str, chosen: str, rejected: str) -> str:
    return (
        "A user asked a question and preferred answer A over answer B.\n"
        f"Question: {prompt}\nA: {chosen}\nB: {rejected}\n"
        "Write one sentence describing a persona that would prefer A, "
        "and one sentence describing a persona "
        "that would prefer B."
    )


GUIDING_QUESTION = (
    "What do these messages reveal about the user's stable preferences, habits, background and "
    "the way they like to be answered? Quote the messages that show it."
)


@register_prompt("gpg_analysis", ("history",))
def gpg_analysis(*, history: str) -> str:
    """Free-text answer to the guiding question over ``history`` (``- message`` lines)."""
    return f"User messages:\n{history}\n\n{GUIDING_QUESTION}"


class ProfileItem(BaseModel):
    attribute: str = Field(description="snake_case name, e.g. likes, diet, location, response_length")
    value: str
    polarity: int = Field(1, ge=-1, le=1)
    confidence: float = Field(0.6, ge=0.0, le=1.0)


class GuidedProfile(BaseModel):
    items: list[ProfileItem] = Field(default_factory=list)


@register_prompt("gpg_profile", ("analysis",), GuidedProfile)
def gpg_profile(*, analysis: str) -> str:
    return (
        f"Analysis of a user:\n{analysis}\n\n"
        "Write a concise profile: only attributes supported by the analysis. "
        "Use polarity -1 for dislikes."
    )
