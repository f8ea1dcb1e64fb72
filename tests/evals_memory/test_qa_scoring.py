"""LoCoMo F1 / BLEU-1 / repetition against hand-computed values."""

import math

import numpy as np
import pytest

from usermind.evals.qa_scoring import (
    abstained,
    bleu1,
    locomo_f1,
    mean_pairwise_cosine,
    multi_answer_f1,
    normalize_answer,
    token_f1,
)


def test_normalisation_drops_commas_punctuation_articles_and_and():
    assert normalize_answer("The Cat, and a Dog!") == "cat dog"
    assert normalize_answer("  An   apple-pie ") == "applepie"  # punctuation removed, not split


@pytest.mark.parametrize(
    "prediction,gold,expected",
    [
        ("a painting of the sunset", "Sunset painting", 0.8),  # P = 2/3, R = 1 after stemming painting->paint
        ("the Norway", "Norway", 1.0),  # article removed
        ("running", "runs", 1.0),  # Porter stems agree
        ("Paris", "Berlin", 0.0),
        ("", "Berlin", 0.0),
    ],
)
def test_token_f1(prediction, gold, expected):
    assert token_f1(prediction, gold) == pytest.approx(expected)


def test_multi_hop_split_on_commas():
    # mean over gold parts of the best prediction part: piano -> 1, violin -> 0
    assert multi_answer_f1("cello, piano", "piano, violin") == pytest.approx(0.5)
    # one prediction part "norway sweden" against each gold part: P = 1/2, R = 1 -> 2/3 each
    assert locomo_f1("Norway and Sweden", "Norway, Sweden", 1) == pytest.approx(2 / 3)
    # the same pair in a single-answer category: commas deleted, "and" removed -> identical tokens
    assert locomo_f1("Norway and Sweden", "Norway, Sweden", 4) == pytest.approx(1.0)


def test_category_rules():
    assert locomo_f1("Paris", "Paris; maybe Lyon", 3) == 1.0  # open-domain: text before ';'
    assert locomo_f1("Paris", "Paris; maybe Lyon", 4) == pytest.approx(0.5)
    assert locomo_f1("Not mentioned in the conversation.", "Tom", 5) == 1.0
    assert locomo_f1("No information available", "Tom", 5) == 1.0
    assert locomo_f1("His cat is called Tom", "Tom", 5) == 0.0
    assert abstained("NOT MENTIONED") and not abstained("unknown")


def test_bleu1_precision_and_brevity_penalty():
    assert bleu1("the cat sat", "the cat sat on the mat") == pytest.approx(math.exp(1 - 6 / 3))
    assert bleu1("cat cat cat", "the cat") == pytest.approx(1 / 3)  # clipped counts, no penalty when longer
    assert bleu1("Pixel", "pixel") == 1.0
    assert bleu1("dog", "cat") == 0.0 and bleu1("", "cat") == 0.0


@pytest.mark.filterwarnings("ignore::UserWarning")  # nltk warns about the unused higher n-gram orders
def test_bleu1_matches_nltk_on_overlapping_tokens():
    from nltk.translate.bleu_score import sentence_bleu

    for pred, ref in [("in may 2023 , at home", "7 may 2023"), ("she paints sunsets", "sunsets and lakes")]:
        expected = sentence_bleu([ref.split()], pred.split(), weights=(1, 0, 0, 0))
        assert bleu1(pred, ref) == pytest.approx(expected)


def test_mean_pairwise_cosine():
    vectors = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    assert mean_pairwise_cosine(vectors) == pytest.approx((0 + 2 / math.sqrt(2)) / 3)
    assert mean_pairwise_cosine(vectors[:1]) is None
