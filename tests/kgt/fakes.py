"""A deterministic stand-in for the frozen LM (``.logprobs``) and a bag-of-words embedder."""

from __future__ import annotations

import re
import zlib

import numpy as np

FACTS = re.compile(r"<facts>: (.*) <answer>:$")
RETRIEVAL = re.compile(r"^To answer the query: .*, I need information (.*)$")


class FakeScorer:
    """log P(answer | facts): high when a fact ends with the answer, low when a fact of a
    ``conflicting`` relation gives another value, slightly below ``prior`` for any other fact;
    retrieval scores come from ``relation_scores``."""

    def __init__(
        self,
        relation_scores: dict[str, float] | None = None,
        prior: float = -4.0,
        conflicting: frozenset[str] = frozenset(),
    ):
        self.relation_scores = relation_scores or {}
        self.conflicting = conflicting
        self.prior = prior
        self.calls: list[tuple[str, list[str]]] = []

    def _answer(self, facts: str, answer: str) -> float:
        if facts == "none":
            return self.prior
        score = self.prior
        for fact in facts.split("; "):
            if fact.lower().endswith(" " + answer.lower()):
                score = max(score, -0.2)
            elif any(fact.startswith(f"user {rel} ") for rel in self.conflicting):
                score = min(score, -9.0)
            else:
                score = min(score, self.prior - 0.3)
        return score

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]:
        self.calls.append((prompt, list(continuations)))
        if RETRIEVAL.match(prompt):
            return [self.relation_scores.get(c.strip(), -20.0) for c in continuations]
        m = FACTS.search(prompt)
        assert m, prompt
        return [self._answer(m.group(1), c.strip()) for c in continuations]


def bow_embed(texts: list[str]) -> np.ndarray:
    """Hashed bag of lower-cased words, L2-normalised (deterministic)."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in re.findall(r"[a-z]+", text.lower()):
            out[i, zlib.crc32(word.encode()) % 256] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)
