"""One embedding cache: text -> vector, bounded (least recently used go first), thread-safe.

The memory system keeps query vectors in one; tool selection keeps tool and platform descriptions in
another (:data:`usermind.tools.match.DEFAULT_CACHE`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported on first use: importing the tools package stays light
    import numpy as np

    from usermind.protocols import Embedder


class EmbeddingCache:
    """Embeds each text once; ``embedder`` None means the default embedder, created on first use."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        max_items: int = 50_000,
        source: Callable[[], Embedder] | None = None,
        queries: bool = False,
    ):
        """``source`` gives the embedder at each call (an owner whose embedder can be replaced);
        ``queries``: the texts are queries, embedded through the embedder's query path where it has one
        (:class:`usermind.protocols.QueryEmbedder`)."""
        self._embedder = embedder
        self._source = source
        self.queries = queries
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # least recently used first
        self._lock = threading.Lock()
        self.max_items = max_items

    @property
    def embedder(self) -> Embedder:
        if self._source is not None:
            return self._source()
        if self._embedder is None:
            from usermind.llm.embeddings import Embedder

            self._embedder = Embedder()
        return self._embedder

    def vectors(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        fresh = dict(zip(missing, self._embed(missing), strict=True)) if missing else {}
        with self._lock:
            self._cache.update(fresh)
            rows = [self._cache[t] if t in self._cache else fresh[t] for t in texts]
            for text in dict.fromkeys(texts):
                if text in self._cache:
                    self._cache.move_to_end(text)
            while len(self._cache) > self.max_items:
                self._cache.popitem(last=False)
        return np.stack(rows)

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not self.queries:
            return self.embedder.embed(texts)
        from usermind.llm.embeddings import embed_queries

        return embed_queries(self.embedder, texts)

    def vector(self, text: str) -> np.ndarray:
        return self.vectors([text])[0]

    def similarities(self, query: str, texts: list[str]) -> list[float]:
        if not texts:
            return []
        vecs = self.vectors([query, *texts])
        return [float(x) for x in vecs[1:] @ vecs[0]]

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (row for row) as the embeddings of ``texts``, computed elsewhere with this
        cache's embedder and path (a stored message's vector, for the recall that follows it)."""
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > self.max_items:
                self._cache.popitem(last=False)

    def discard(self, texts: list[str]) -> None:
        """Forget the vectors of ``texts`` (a deleted memory's text leaves no copy here)."""
        with self._lock:
            for text in texts:
                self._cache.pop(text, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        return len(self._cache)
