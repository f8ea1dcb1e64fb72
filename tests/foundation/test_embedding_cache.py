"""The one embedding cache: each text embedded once, least recently used evicted, cleared on demand."""

import numpy as np

from tests.settings.test_parts import CharEmbedder
from usermind.llm.embedding_cache import EmbeddingCache
from usermind.memory.system import MemorySystem
from usermind.storage import Database
from usermind.tools.match import DEFAULT_CACHE


def test_each_text_is_embedded_once_and_rows_keep_order():
    embedder = CharEmbedder()
    cache = EmbeddingCache(embedder)
    first = cache.vectors(["bees", "honey", "bees"])
    again = cache.vectors(["honey", "bees"])
    assert embedder.calls == 1
    np.testing.assert_array_equal(first[1], again[0])
    np.testing.assert_array_equal(first[0], first[2])
    assert cache.similarities("bees", ["bees", "tax"])[0] > 0.99


def test_least_recently_used_is_evicted():
    cache = EmbeddingCache(CharEmbedder(), max_items=2)
    cache.vectors(["a", "b"])
    cache.vector("a")  # b is now the least recently used
    cache.vector("c")
    assert len(cache) == 2
    before = cache._embedder.calls
    cache.vector("a")
    assert cache._embedder.calls == before  # still cached
    cache.vector("b")
    assert cache._embedder.calls == before + 1  # was evicted


def test_memory_and_tools_share_the_class(tmp_path):
    memory = MemorySystem(Database(tmp_path / "m.sqlite3"), CharEmbedder())
    assert isinstance(memory.query_vectors, EmbeddingCache) and isinstance(DEFAULT_CACHE, EmbeddingCache)
    memory.recall("alice", "what do I keep?")
    assert len(memory.query_vectors) == 1
    memory.forget_all("alice")
    assert len(memory.query_vectors) == 0


def test_memory_follows_a_replaced_embedder(tmp_path):
    original = CharEmbedder()
    memory = MemorySystem(Database(tmp_path / "m.sqlite3"), original)
    replacement = CharEmbedder()
    memory.embedder = replacement
    memory.recall("alice", "what do I keep?")
    memory.recall("alice", "Suggest a dinner place for tonight.")  # a request: the bearing's examples too
    # the query, the message-kind classifier's examples and the bearing's examples: all by the replacement
    assert original.calls == 0 and replacement.calls >= 3
    assert memory.kinds is not None and memory.kinds.model is not None
    assert memory.bearing.basis.requests.shape[1] == replacement.dim
