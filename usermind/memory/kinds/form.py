"""The form of a message as a few numbers (pure): what a sentence embedding weighs little against the
topic (whether it asks, who it is about, whether it addresses the assistant), for the message-kind
classifier to read beside the embedding."""

from __future__ import annotations

import re

import numpy as np

_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\?\s*$",  # asks
        r"^\W*(?:what|which|where|when|who|whom|whose|how|why)\b",  # a wh-question
        r"^\W*(?:do|does|did|is|are|am|was|were|have|has|had|can|could|would|will|should|shall|may)\b(?!')",
        r"\b(?:should|could|can|would|might|shall)\s+(?:i|we)\b",  # asks what to do
        r"\b(?:do|does|did|am|was|have|had)\s+(?:i|we)\b",  # asks about the user's own doings
        r"\b(?:i|i'm|i've|i'd|i'll|me|myself|we|we're|we've|us)\b",  # speaks of the user
        r"\b(?:my|our|mine|ours)\b",  # the user's own things or people
        r"\byou\b|\byour\b",  # addresses the assistant
        r"^\W*(?:please\s+)?(?:give|make|tell|show|write|suggest|recommend|plan|create|design|build|pick|"
        r"choose|find|list|name|put|draft|map|sketch|help|share|explain|translate|define|describe)\b",
        r"\b(?:recommend\w*|suggest\w*|ideas?|tips?|advice|advise|recs?|best|good|worth|options?)\b",
        r"\b(?:usually|again|remind|remember|told|mentioned|said|ever)\b",  # recalls
    )
)
WEIGHT = 0.25  # a feature's value when present, beside a unit-length embedding


def form_features(text: str) -> np.ndarray:
    """One value per pattern: ``WEIGHT`` where ``text`` shows it, else 0."""
    return np.array([WEIGHT if p.search(text) else 0.0 for p in _PATTERNS], dtype=np.float32)


def with_form(texts: list[str], vectors: np.ndarray) -> np.ndarray:
    """The embeddings of ``texts`` with their form features appended."""
    return np.hstack([np.atleast_2d(vectors), np.stack([form_features(t) for t in texts])])
