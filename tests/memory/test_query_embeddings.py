"""Queries' own embedding path (``embedding.query_precision``): int8 matrix products for the few short
texts on recall's hot path, stored texts unchanged; a question embedded alone, then the words its
user's vocabulary lacks in one batch; requests in the stored texts' precision."""

import numpy as np
import pytest

from tests.foundation.test_embeddings import MIXED, _cosines
from usermind.llm.embeddings import LocalEmbedder, _local_model, embed_queries

QUESTIONS = [
    "When did Melanie paint a sunrise?",
    "What animals do I keep?",
    "Suggest a dinner place for tonight.",
    "Which instrument did Caroline learn?",
]
DOCUMENTS = [
    "Melanie painted a sunrise by the lake last summer.",
    "I keep bees on my roof.",
    "I'm vegetarian and I live in Lisbon.",
    "Caroline has been taking violin lessons since May.",
    "The tax forms are due in April.",
]


def test_int8_queries_stay_close_to_float32_and_find_the_same_documents():
    assert len(_local_model("float32").bert.int8_layers()) == 24  # every linear layer packed here
    exact = LocalEmbedder(precision="float32", query_precision="float32")
    fast = LocalEmbedder(precision="float32", query_precision="int8")
    texts = MIXED + QUESTIONS
    precise, quick = exact.embed_queries(texts), fast.embed_queries(texts)
    assert quick.dtype == np.float32 and np.allclose(np.linalg.norm(quick, axis=1), 1.0, atol=1e-5)
    cosines = _cosines(quick, precise)
    assert cosines.min() > 0.95 and np.median(cosines) > 0.985  # close (worst: one word, empty text)
    assert cosines.max() < 0.99999  # and really another path
    # one at a time (as recall embeds) gives the batch's vectors
    np.testing.assert_allclose(fast.embed_queries(QUESTIONS[:1])[0], quick[len(MIXED)], atol=2e-2)
    documents = exact.embed(DOCUMENTS)
    np.testing.assert_array_equal(fast.embed(DOCUMENTS), documents)  # stored texts: unchanged
    best = [np.argmax(q @ documents.T, axis=1) for q in (precise[len(MIXED) :], quick[len(MIXED) :])]
    assert list(best[0]) == list(best[1]) == [0, 1, 2, 3]


def test_query_precision_choices():
    from pydantic import ValidationError

    from usermind.errors import ModelError
    from usermind.llm.precision import native_bfloat16, resolve, resolve_query
    from usermind.settings import EmbeddingSettings

    assert resolve_query("auto", "float32") == ("bfloat16" if native_bfloat16() else "int8")
    assert resolve_query("same", "auto") == resolve("auto")
    assert resolve_query("int8", "bfloat16") == "int8" and resolve_query("float32", "bfloat16") == "float32"
    same = LocalEmbedder(precision="float32", query_precision="same")
    np.testing.assert_array_equal(same.embed_queries(QUESTIONS), same.embed(QUESTIONS))
    with pytest.raises(ModelError, match="unknown embedding precision 'int4'"):
        LocalEmbedder(query_precision="int4")
    with pytest.raises(ValidationError):
        EmbeddingSettings(query_precision="int4")


class _Counting:
    """An embedder recording each call: ``embed`` (stored texts) and ``embed_queries``."""

    def __init__(self, inner):
        self.inner, self.dim, self.calls = inner, inner.dim, []

    def embed(self, texts):
        self.calls.append(("embed", list(texts)))
        return self.inner.embed(texts)

    def embed_queries(self, texts):
        self.calls.append(("queries", list(texts)))
        return self.inner.embed(texts)

    def embed_one(self, text):
        return self.embed([text])[0]


def test_a_question_alone_then_its_new_words_in_one_batch_take_the_query_path(db, embedder):
    from usermind.memory import MemorySystem, TurnIn

    counting = _Counting(embedder)
    mem = MemorySystem(db, counting)
    mem.add_turns("u", [TurnIn(session_id="s1", text=t) for t in DOCUMENTS])
    assert mem.kinds is not None and mem.kinds.model is not None  # its shipped examples: embedded now
    mem.bearing.basis  # noqa: B018 - the same for the bearing's examples
    counting.calls.clear()
    mem.recall("u", "Which saxophone did Caroline buy?", k=3)
    assert [kind for kind, _ in counting.calls] == ["queries", "queries"]
    question, words = (texts for _, texts in counting.calls)
    assert question == ["Which saxophone did Caroline buy?"]  # alone: int8 scales a batch as a whole
    assert "saxophone" in words and "caroline" not in words  # the vocabulary's words are not embedded
    counting.calls.clear()
    mem.recall("u", "Which saxophone did Caroline buy?", k=3)
    assert counting.calls == []  # all cached
    mem.recall("u", "Suggest a dinner place for tonight.", k=3)  # a request: the stored texts' path
    assert ("embed", ["Suggest a dinner place for tonight."]) in counting.calls
    assert not [c for c in counting.calls if c[0] == "queries"]


def test_a_stored_message_recalled_next_as_a_request_is_embedded_once_and_forgetting_it_drops_its_copies(
    db, embedder
):
    """The agent stores each message before recalling it: a request reuses the stored vector (the same
    path and precision), so it is embedded once; a forgotten message leaves no vector keyed by its text."""
    from usermind.memory import MemorySystem

    counting = _Counting(embedder)
    mem = MemorySystem(db, counting)
    mem.add_turn("u", "s1", "user", "I'm vegetarian and I live in Lisbon.", ts=1)
    mem.kinds.model, mem.bearing.basis  # noqa: B018 - their shipped examples: embedded now
    counting.calls.clear()
    turn = mem.add_turn("u", "s1", "user", "Suggest a dinner place for tonight.", ts=2)
    found = mem.recall("u", "Suggest a dinner place for tonight.", k=3)
    mem.verify("u", "Suggest a dinner place for tonight.", found)
    message = [texts for kind, texts in counting.calls if "Suggest a dinner place for tonight." in texts]
    assert message == [["Suggest a dinner place for tonight."]]  # stored; the recall took that vector
    assert not [c for c in counting.calls if c[0] == "queries"]
    mem.add_turn("u", "s1", "assistant", "Try the vegetarian place by the river.", ts=3)
    assert "Try the vegetarian place by the river." not in mem.request_vectors._cache  # only the user's
    mem.recall("u", "What is the capital of Peru?", k=3)  # a question: cached on the query path
    mem.add_turn("u", "s1", "user", "What is the capital of Peru?", ts=4)
    peru = [t for t in mem.episodic.list("u") if t.text.startswith("What is the capital")][0]
    mem.forget("u", turn.id)
    mem.forget("u", peru.id)
    assert "Suggest a dinner place for tonight." not in mem.request_vectors._cache
    assert "What is the capital of Peru?" not in mem.query_vectors._cache


class _Plain:
    """An embedder with no query path of its own (the :class:`usermind.protocols.Embedder` minimum)."""

    def __init__(self, inner):
        self.inner, self.dim = inner, inner.dim

    def embed(self, texts):
        return self.inner.embed(texts)

    def embed_one(self, text):
        return self.embed([text])[0]


def test_embedders_without_a_query_path_embed_queries_as_texts(embedder):
    plain = _Plain(embedder)
    np.testing.assert_array_equal(embed_queries(plain, QUESTIONS), embedder.embed(QUESTIONS))
    # the library's Embedder passes its implementation's query path on
    np.testing.assert_array_equal(embedder.embed_queries(QUESTIONS), embed_queries(embedder.impl, QUESTIONS))
