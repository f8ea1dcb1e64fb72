"""The default model's vectors of the shipped texts, stored in the package: complete, agreeing with
the model (real MiniLM), used only for an embedder that agrees, and never for another model."""

import numpy as np
import pytest

from usermind.memory import shipped, shipped_file
from usermind.memory.shipped_file import FILE, shipped_texts, stored_vectors


@pytest.fixture
def fresh(monkeypatch):
    """Empty process-wide caches, so each test sees its own first use."""
    monkeypatch.setattr(shipped, "_by_model", {})
    monkeypatch.setattr(shipped_file, "_checked", {})


class Counting:
    """Wraps an embedder, keeping its model name, and records the texts it is asked to embed."""

    def __init__(self, inner, model="local/minilm", noise=False):
        self.inner, self.model, self.noise, self.asked = inner, model, noise, []
        self.dim = inner.dim

    def embed(self, texts):
        self.asked += list(texts)
        vectors = np.asarray(self.inner.embed(texts), dtype=np.float32)
        if self.noise:  # another model's vectors: unrelated to the stored ones
            vectors = np.random.default_rng(0).normal(size=vectors.shape).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors


def test_the_file_holds_every_shipped_text_and_agrees_with_the_model(embedder):
    with np.load(FILE, allow_pickle=False) as data:
        texts = [str(t) for t in data["texts"]]
        vectors = data["vectors"].astype(np.float32)
    # fails when pairs.json, messages.json or the domains change without `python -m
    # usermind.memory.write_shipped` being run again
    assert set(shipped_texts()) <= set(texts)
    sample = texts[::37]
    fresh_vectors = np.asarray(embedder.embed(sample), dtype=np.float32)
    stored = vectors[::37] / np.linalg.norm(vectors[::37], axis=1, keepdims=True)
    assert (fresh_vectors * stored).sum(axis=1).min() >= 0.99


def test_the_default_model_takes_the_stored_vectors_after_checking_a_sample(fresh, embedder):
    counting = Counting(embedder)
    texts = tuple(shipped_texts()[:300])
    vectors = shipped.embed_shipped(counting, texts)
    assert 0 < len(counting.asked) <= shipped_file.SAMPLE  # only the agreement check was embedded
    assert vectors.shape == (300, embedder.dim)
    assert (vectors[:5] * np.asarray(embedder.embed(list(texts[:5])))).sum(axis=1).min() >= 0.99


def test_an_embedder_that_disagrees_embeds_the_texts_itself(fresh, embedder):
    counting = Counting(embedder, noise=True)
    texts = tuple(shipped_texts()[:50])
    assert stored_vectors(counting, texts) is None
    shipped.embed_shipped(counting, texts)
    assert set(texts) <= set(counting.asked)


def test_another_model_or_an_unshipped_text_is_never_looked_up(fresh, embedder):
    other = Counting(embedder, model="openai/text-embedding-3-small")
    assert stored_vectors(other, tuple(shipped_texts()[:10])) is None
    assert other.asked == []  # not even checked
    default = Counting(embedder)
    assert stored_vectors(default, ("a text the package does not ship",)) is None
