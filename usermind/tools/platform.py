"""What the user's profile says about a choice of platforms (LLM-free evidence for ``select_tools``).

Two signals: platforms the profile *names* (usage history; a negated mention counts against), and the
*affinity* of the profile's traits to each platform's description ("hunts for coupons" → the cheapest
marketplace), contrasted against the other candidates so that a trait speaks only for the platform it
fits better than the others."""

from __future__ import annotations

import re
from typing import Any

from usermind.tools.fill import flatten_profile
from usermind.tools.match import EmbeddingCache

_NEG = re.compile(r"\b(never|dislikes?|hates?|avoids?|stopped|not|no longer|rarely|unhappy)\b", re.I)


def profile_segments(profile: dict[str, Any] | None) -> list[str]:
    """Short text pieces of the profile ("key: value", or clauses of long text values)."""
    out: list[str] = []
    for key, value in flatten_profile(profile or {}).items():
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        pieces = [p.strip() for p in re.split(r"[;\n]|(?<=[.!?])\s+", text) if p.strip()]
        label = key.split(".")[-1].replace("_", " ")
        out.extend(f"{label}: {p}" for p in pieces)
    return out


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None


def mention_scores(segments: list[str], names: list[str]) -> dict[str, float]:
    """Net count of profile segments naming each platform (negated mentions count −1)."""
    scores = {n: 0.0 for n in names}
    for segment in segments:
        for name in names:
            if _names(segment, name):
                scores[name] += -1.0 if _NEG.search(segment) else 1.0
    return scores


def affinity_scores(
    segments: list[str],
    message: str,
    descriptions: dict[str, str],
    cache: EmbeddingCache,
    message_weight: float = 0.25,
    temperature: float = 0.05,
) -> dict[str, float]:
    """Per platform: affinity of the profile segments to its description (double-centred: against the
    other candidates and the other segments), weighted towards segments related to this message by a
    softmax, plus ``message_weight`` times the message's own contrasted affinity."""
    import numpy as np

    names = list(descriptions)
    desc = cache.vectors([f"{n}: {descriptions[n]}" for n in names])
    vecs = cache.vectors([*segments, message])
    sims = vecs @ desc.T
    contrast = sims - sims.mean(axis=1, keepdims=True)
    prof = np.zeros(len(names))
    if segments:
        seg = contrast[:-1] - contrast[:-1].mean(axis=0, keepdims=True)
        relevance = vecs[:-1] @ vecs[-1] + sims[:-1].mean(axis=1)
        weights = np.exp((relevance - relevance.max()) / temperature)
        prof = (weights / weights.sum()) @ seg
    total = prof + message_weight * contrast[-1]
    return {n: float(v) for n, v in zip(names, total, strict=True)}


def profile_choice(
    profile: dict[str, Any] | None,
    candidates: list[str],
    message: str,
    descriptions: dict[str, str],
    cache: EmbeddingCache,
) -> tuple[str, str] | None:
    """(platform, reason) the profile points to, or None when it says nothing that separates them."""
    segments = profile_segments(profile)
    mentions = mention_scores(segments, candidates)
    ranked = sorted(mentions.values(), reverse=True)
    if ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]):
        best = max(candidates, key=lambda c: mentions[c])
        return best, f"your profile mentions {best}"
    known = {c: descriptions[c] for c in candidates if descriptions.get(c)}
    if not segments or len(known) < len(candidates) or len(candidates) < 2:
        return None
    affinity = affinity_scores(segments, message, known, cache)
    best = max(candidates, key=lambda c: affinity[c] + 0.5 * mentions[c])
    return best, f"{best} fits your profile best ({descriptions[best]})"
