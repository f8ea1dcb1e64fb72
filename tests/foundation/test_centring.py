"""Re-centring another embedding model onto the default model's cosine scale (usermind.llm.centring).

The model with an offset is the default MiniLM with one fixed direction added to every vector: the
shape of the models whose unrelated texts sit far above MiniLM's 0.09 (nomic-embed-text-v1.5: 0.54).
Real MiniLM underneath, no mocks."""

import numpy as np
import pytest

from tests.offset_embedder import OffsetEmbedder
from usermind.llm.centring import (
    CentredEmbedder,
    Centring,
    centred,
    fit_centring,
    mean_pair_cosine,
    reference_sample,
)
from usermind.llm.embeddings import Embedder, LocalEmbedder, unit_rows
from usermind.memory import MemorySystem
from usermind.registry import make_embedder, register_embedder
from usermind.settings import Settings
from usermind.storage import Database


@pytest.fixture(scope="module")
def minilm():
    return Embedder()


def test_mean_pair_cosine_is_the_mean_over_distinct_pairs():
    vectors = unit_rows(np.random.default_rng(1).normal(size=(7, 5)))
    sims = vectors @ vectors.T
    assert mean_pair_cosine(vectors) == pytest.approx(sims[~np.eye(7, dtype=bool)].mean(), abs=1e-6)
    assert mean_pair_cosine(vectors[:1]) == 0.0


def test_fit_brings_the_mean_cosine_to_the_target_and_leaves_unit_rows():
    rng = np.random.default_rng(2)
    vectors = unit_rows(rng.normal(size=(200, 64)) * 0.1 + np.ones(64) * 0.1)
    assert mean_pair_cosine(vectors) > 0.3
    centring = fit_centring(vectors, 0.05)
    moved = centred(vectors, centring)
    assert 0 < centring.share <= 1
    assert mean_pair_cosine(moved) == pytest.approx(0.05, abs=1e-3)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)
    already = fit_centring(unit_rows(rng.normal(size=(50, 64))), 0.05)  # near 0 already
    assert already.share == 0.0
    assert np.array_equal(centred(vectors, Centring(already.mean, 0.0)), vectors)


def test_centred_model_sits_where_the_default_model_does(minilm):
    texts, reference = reference_sample()
    offset = OffsetEmbedder(minilm)
    assert mean_pair_cosine(reference) < 0.15
    assert mean_pair_cosine(offset.embed(texts)) > 0.4
    wrapped = CentredEmbedder(offset)
    assert mean_pair_cosine(wrapped.embed(texts)) == pytest.approx(mean_pair_cosine(reference), abs=0.01)
    assert wrapped.dim == minilm.dim and wrapped.model == "offset/minilm"


def _kept(embedder, tmp_path, name: str) -> list[str]:
    db = Database(tmp_path / f"{name}.sqlite3")
    try:
        mem = MemorySystem(db, embedder)
        for text in (
            "My sister Anna lives in Porto.",
            "I adopted a grey cat last spring.",
            "I work night shifts at the hospital.",
            "My car broke down on the highway yesterday.",
        ):
            mem.add_turn("u", "s1", "user", text)
        question = "What did I say about my job?"
        result = mem.verify("u", question, mem.recall("u", question, k=4))
        return [m.text for m in result.kept]
    finally:
        db.close()


def test_verification_keeps_what_the_default_model_keeps_once_centred(minilm, tmp_path):
    """Through MemorySystem.recall and verify: the offset model clears the 0.20 cosine floor with every
    memory, so the sister in Porto reaches a question about work; centred, it does not."""
    assert "My sister Anna lives in Porto." not in _kept(minilm, tmp_path, "minilm")
    assert "My sister Anna lives in Porto." in _kept(OffsetEmbedder(minilm), tmp_path, "offset")
    kept = _kept(CentredEmbedder(OffsetEmbedder(minilm)), tmp_path, "centred")
    assert kept[0] == "I work night shifts at the hospital."
    assert "My sister Anna lives in Porto." not in kept


def test_registry_centres_every_model_but_the_default(minilm):
    register_embedder("offset/", lambda model, settings: OffsetEmbedder(minilm))
    made = make_embedder("offset/minilm", Settings())
    assert isinstance(made, CentredEmbedder) and isinstance(made.impl, OffsetEmbedder)
    off = Settings.model_validate({"embedding": {"centre": False}})
    assert isinstance(make_embedder("offset/minilm", off), OffsetEmbedder)
    assert isinstance(make_embedder("local/minilm", Settings()), LocalEmbedder)
