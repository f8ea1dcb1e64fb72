"""How to generate for a model: the compact layout with reply checks for small local models, the full
layout (history, persona, native tools) for capable ones.  Chosen from the model string, configurable
with ``Settings.generation``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from usermind.config import Settings

BLANK_LINE = "\n\n"


class GenerationProfile(BaseModel):
    layout: Literal["compact", "full"]
    max_new_tokens: int
    temperature: float
    stop: list[str] | None = None
    acknowledge: bool = False
    check: bool = False


def is_small_local(model: str) -> bool:
    """The embedded models (``local/...``) are small (SmolLM2-135M)."""
    return model.startswith("local/")


def choose_profile(settings: Settings, model: str) -> GenerationProfile:
    compact = settings.generation == "compact" or (settings.generation == "auto" and is_small_local(model))
    if compact:
        ack = True if settings.acknowledge_statements is None else settings.acknowledge_statements
        return GenerationProfile(
            layout="compact",
            max_new_tokens=min(settings.max_new_tokens, settings.compact_max_new_tokens),
            temperature=settings.temperature,
            stop=[BLANK_LINE],
            acknowledge=ack,
            check=True,
        )
    return GenerationProfile(
        layout="full",
        max_new_tokens=settings.max_new_tokens,
        temperature=settings.temperature,
        acknowledge=bool(settings.acknowledge_statements),
    )


def strict(profile: GenerationProfile) -> GenerationProfile:
    """The setting for the one regeneration: greedy, shorter, one line."""
    return profile.model_copy(
        update={"temperature": 0.0, "max_new_tokens": max(8, profile.max_new_tokens // 2), "stop": ["\n"]}
    )
