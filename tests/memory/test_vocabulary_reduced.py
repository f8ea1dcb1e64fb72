"""A large vocabulary is scanned in two passes: a reduced copy (principal directions) finds the likeliest
words, which are then scored exactly.  Unit tests on vectors shaped like sentence-embedding words (a
shared direction, topic clusters, noise)."""

import numpy as np

import usermind.memory.vocabulary as vocabulary
from usermind.memory.vocabulary import REDUCE_FROM, Vocabulary


def _words(n: int, seed: int = 5, dim: int = 384) -> np.ndarray:
    """Unit vectors that vary along 64 hidden directions (plus a little noise): the reduced copy can
    hold them almost exactly, a random projection cannot."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n, 64)) + 1.5  # a shared direction, as sentence embeddings have
    vectors = latent @ rng.standard_normal((64, dim)) + 0.3 * rng.standard_normal((n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _exact(words: np.ndarray, query: np.ndarray, generic: float) -> np.ndarray:
    mean = words.sum(axis=0) / np.linalg.norm(words.sum(axis=0))
    return (words @ query.T).max(axis=1) - generic * (words @ mean)


def test_the_two_pass_scan_finds_the_exact_best_words_with_their_exact_likeness():
    words = _words(REDUCE_FROM + 500)
    vocab = Vocabulary(dim=384)
    vocab.add([f"w{i}" for i in range(len(words))], words)
    for query in (words[[3, 99]], words[[1234]] + words[[2345]], words[[7]] - words[[8]]):
        query = query / np.linalg.norm(query, axis=1, keepdims=True)
        expected = _exact(words, query, 0.3)
        got = vocab.likeness(query, generic=0.3)
        best = np.argsort(-expected)[:10]
        assert set(np.argsort(-got)[:10]) == set(best)
        assert np.allclose(got[best], expected[best], atol=1e-5)
        assert np.isfinite(got).sum() == vocabulary.EXACT_BEST  # the others were never scored exactly


def test_small_vocabularies_are_scanned_exactly_in_one_pass():
    words = _words(REDUCE_FROM - 1)
    vocab = Vocabulary(dim=384)
    vocab.add([f"w{i}" for i in range(len(words))], words)
    got = vocab.likeness(words[:2], generic=0.3)
    assert np.isfinite(got).all() and np.allclose(got, _exact(words, words[:2], 0.3), atol=1e-5)


def test_words_added_after_the_fit_are_projected_and_a_doubled_vocabulary_is_refitted():
    words = _words(2 * REDUCE_FROM + 10)
    vocab = Vocabulary(dim=384)
    vocab.add([f"w{i}" for i in range(REDUCE_FROM)], words[:REDUCE_FROM])
    fitted = vocab._reduced
    assert fitted is not None and fitted.fitted_at == REDUCE_FROM
    vocab.add([f"w{i}" for i in range(REDUCE_FROM, REDUCE_FROM + 10)], words[REDUCE_FROM : REDUCE_FROM + 10])
    assert vocab._reduced is fitted and len(fitted.rows) == REDUCE_FROM + 10
    newest = REDUCE_FROM + 9
    assert int(np.argmax(vocab.likeness(words[[newest]], generic=0.0))) == newest
    vocab.add([f"w{i}" for i in range(REDUCE_FROM + 10, len(words))], words[REDUCE_FROM + 10 :])
    assert vocab._reduced is not fitted and vocab._reduced.fitted_at == len(words)
