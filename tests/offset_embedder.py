"""MiniLM with one fixed direction added to every vector: the shape of the embedding models whose
unrelated texts sit far above MiniLM's cosine 0.09 (nomic-embed-text-v1.5: 0.54).  A real model
underneath; shared by the centring and store-record tests."""

from __future__ import annotations

import numpy as np

from usermind.llm.embeddings import unit_rows


class OffsetEmbedder:
    model: str | None = "offset/minilm"

    def __init__(self, inner, weight: float = 1.0):
        self.inner, self.dim, self.weight = inner, inner.dim, weight
        direction = np.random.default_rng(0).normal(size=inner.dim).astype(np.float32)
        self.direction = direction / np.linalg.norm(direction)

    def embed(self, texts: list[str]) -> np.ndarray:
        return unit_rows(self.inner.embed(texts) + self.weight * self.direction)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
