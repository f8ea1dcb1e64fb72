"""Embedding match of a message against texts (tool descriptions, platform descriptions), cached."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from usermind.llm.embeddings import Embedder


class EmbeddingCache:
    """Embeds texts once per process; :meth:`similarities` gives cosine scores of a query to texts."""

    def __init__(self, embedder: Embedder | None = None, max_items: int = 50_000):
        self._embedder = embedder
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self.max_items = max_items

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from usermind.llm.embeddings import Embedder

            self._embedder = Embedder()
        return self._embedder

    def vectors(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            fresh = self.embedder.embed(missing)
            with self._lock:
                if len(self._cache) + len(missing) > self.max_items:
                    self._cache.clear()
                self._cache.update(zip(missing, fresh, strict=True))
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def similarities(self, query: str, texts: list[str]) -> list[float]:
        if not texts:
            return []
        vecs = self.vectors([query, *texts])
        return [float(x) for x in vecs[1:] @ vecs[0]]


DEFAULT_CACHE = EmbeddingCache()
