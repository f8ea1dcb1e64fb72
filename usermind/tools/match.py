"""Embedding match of a message against texts (tool descriptions, platform descriptions), cached in
the package's one :class:`~usermind.llm.embedding_cache.EmbeddingCache`."""

from __future__ import annotations

from usermind.llm.embedding_cache import EmbeddingCache

__all__ = ["DEFAULT_CACHE", "EmbeddingCache"]

DEFAULT_CACHE = EmbeddingCache()
