"""Guided profile generation (GPG) with an LLM: a guiding question over the history, then a concise
structured profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.persona.models import PersonaAttribute
from usermind.prompts import render
from usermind.prompts.persona import GUIDING_QUESTION, GuidedProfile

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

__all__ = ["GUIDING_QUESTION", "GuidedProfile", "guided_profile"]


def guided_profile(llm: ChatModel, user_messages: list[str], max_chars: int = 6000) -> list[PersonaAttribute]:
    """Two calls: answer the guiding question, then turn the answer into structured attributes."""
    history = "\n".join(f"- {m}" for m in user_messages)[-max_chars:]
    analysis = llm.complete(
        [{"role": "user", "content": render("gpg_analysis", history=history)}],
        max_tokens=400,
        temperature=0.0,
    )
    profile = llm.structured(
        [{"role": "user", "content": render("gpg_profile", analysis=analysis)}], GuidedProfile
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
