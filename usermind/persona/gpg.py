"""Guided profile generation (GPG) with an LLM: a guiding question over the history, then a concise
structured profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from usermind.persona.models import PersonaAttribute

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

GUIDING_QUESTION = (
    "What do these messages reveal about the user's stable preferences, habits, background and "
    "the way they like to be answered? Quote the messages that show it."
)


class _ProfileItem(BaseModel):
    attribute: str = Field(description="snake_case name, e.g. likes, diet, location, response_length")
    value: str
    polarity: int = Field(1, ge=-1, le=1)
    confidence: float = Field(0.6, ge=0.0, le=1.0)


class GuidedProfile(BaseModel):
    items: list[_ProfileItem] = Field(default_factory=list)


def guided_profile(llm: ChatModel, user_messages: list[str], max_chars: int = 6000) -> list[PersonaAttribute]:
    """Two calls: answer the guiding question, then turn the answer into structured attributes."""
    history = "\n".join(f"- {m}" for m in user_messages)[-max_chars:]
    analysis = llm.complete(
        [{"role": "user", "content": f"User messages:\n{history}\n\n{GUIDING_QUESTION}"}],
        max_tokens=400,
        temperature=0.0,
    )
    profile = llm.structured(
        [
            {
                "role": "user",
                "content": (
                    f"Analysis of a user:\n{analysis}\n\n"
                    "Write a concise profile: only attributes supported by the analysis. "
                    "Use polarity -1 for dislikes."
                ),
            }
        ],
        GuidedProfile,
    )
    return [
        PersonaAttribute(
            attribute=i.attribute.strip().lower().replace(" ", "_"),
            value=i.value.strip(),
            polarity=i.polarity,
            confidence=i.confidence,
            source="inferred",
            provenance=["guided profile generation"],
        )
        for i in profile.items
        if i.value.strip()
    ]
