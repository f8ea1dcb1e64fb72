"""Retrieve a user's graph facts for a query: embedding similarity of the query to the triple text,
plus a bonus when the query names the triple's head entity.  This is how facts reach the prompt
for any wording of a question; it never looks at the answer being scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from usermind.graphs.kgt.prompts import triple_fact
from usermind.graphs.models import SELF, Triple, entity_key

EmbedFn = Callable[[list[str]], np.ndarray]


def _default_embed(texts: list[str]) -> np.ndarray:
    from usermind.llm.embeddings import Embedder

    return Embedder().embed(texts)


class FactRetriever:
    """Top-k triples for a query; triple embeddings are cached by (id, text)."""

    def __init__(self, embed: EmbedFn | None = None, k: int = 1, entity_bonus: float = 0.15):
        self.embed = embed or _default_embed
        self.k = k
        self.entity_bonus = entity_bonus
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def _vectors(self, triples: Sequence[Triple]) -> np.ndarray:
        keys = [(t.id, triple_fact(t)) for t in triples]
        missing = [k for k in keys if k not in self._cache]
        if missing:
            for key, vec in zip(missing, self.embed([text for _, text in missing]), strict=True):
                self._cache[key] = np.asarray(vec, dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])

    def scores(self, query: str, triples: Sequence[Triple]) -> list[float]:
        """Relevance of each triple to ``query`` (cosine + entity bonus)."""
        if not triples:
            return []
        q = np.asarray(self.embed([query])[0], dtype=np.float32)
        cosine = self._vectors(triples) @ q
        text = f" {entity_key(query)} "
        bonus = [
            self.entity_bonus if t.head != SELF and f" {entity_key(t.head)} " in text else 0.0
            for t in triples
        ]
        return [float(c) + b for c, b in zip(cosine, bonus, strict=True)]

    def retrieve(self, query: str, triples: Sequence[Triple], k: int | None = None) -> list[Triple]:
        """The ``k`` most relevant current triples, best first (ties by id)."""
        current = [t for t in triples if t.current]
        ranked = sorted(
            zip(self.scores(query, current), current, strict=True), key=lambda st: (-st[0], st[1].id)
        )
        return [t for _, t in ranked[: self.k if k is None else k]]
