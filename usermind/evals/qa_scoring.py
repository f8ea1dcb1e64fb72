"""Pure QA metrics: LoCoMo token F1 (as the LoCoMo code computes it), BLEU-1, and response repetition.

What the F1 follows — ``task_eval/evaluation.py`` of snap-research/locomo (``normalize_answer``,
``f1_score``, ``f1`` and ``eval_question_answering``):

* normalisation: delete every ``,``; lowercase; remove punctuation; remove the words *a, an, the*
  **and also "and"** (the LoCoMo code's regex is ``\\b(a|an|the|and)\\b``); collapse whitespace;
* tokens are Porter-stemmed (NLTK's ``PorterStemmer``) before the multiset overlap F1;
* category 1 (multi-hop): prediction and gold are split on ``,`` and the score is the mean over gold
  parts of the best F1 of any prediction part;
* category 3 (open-domain): only the gold text before the first ``;`` is used;
* categories 2 and 4: plain F1;
* category 5 (adversarial): 1 if the prediction contains "no information available" or "not mentioned"
  (case-insensitive), else 0.

BLEU-1 follows the Mem0 evaluation (NLTK ``sentence_bleu`` with weights (1, 0, 0, 0)): clipped unigram
precision of lowercased tokens times the brevity penalty ``exp(1 - r/c)`` when the prediction (length c)
is shorter than the reference (length r).  Two differences, both documented: tokens come from a regex
(words and single punctuation marks) instead of ``nltk.word_tokenize`` (which needs downloaded data), and
a prediction sharing no token with the reference scores 0 (NLTK's smoothing ``method1`` gives 0.1/c).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from functools import lru_cache

import numpy as np

_PUNCT = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the|and)\b")
_BLEU_TOKEN = re.compile(r"\w+|[^\w\s]")
ABSTAIN_MARKERS = ("no information available", "not mentioned")


def normalize_answer(text: str) -> str:
    """LoCoMo's ``normalize_answer``: drop commas, lowercase, strip punctuation, articles and "and"."""
    text = text.replace(",", "").lower()
    text = "".join(ch for ch in text if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


def answer_tokens(text: str) -> list[str]:
    """Normalised, Porter-stemmed tokens: the unit of LoCoMo's F1."""
    stem = _stemmer().stem
    return [stem(w) for w in normalize_answer(text).split()]


def token_f1(prediction: str, gold: str) -> float:
    """LoCoMo's ``f1_score``: F1 of the multiset overlap of stemmed, normalised tokens."""
    pred, ref = answer_tokens(prediction), answer_tokens(gold)
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def multi_answer_f1(prediction: str, gold: str) -> float:
    """LoCoMo's ``f1`` for multi-hop answers: mean over ``,``-separated gold parts of the best part F1."""
    preds = [p.strip() for p in prediction.split(",")]
    golds = [g.strip() for g in gold.split(",")]
    return float(np.mean([max(token_f1(p, g) for p in preds) for g in golds]))


def abstained(prediction: str) -> bool:
    """Whether a reply says the information is not available, as LoCoMo scores category 5."""
    low = prediction.lower()
    return any(marker in low for marker in ABSTAIN_MARKERS)


def locomo_f1(prediction: str, gold: str, category: int) -> float:
    """The per-question score of LoCoMo's ``eval_question_answering`` for one category."""
    if category == 5:
        return 1.0 if abstained(prediction) else 0.0
    if category == 1:
        return multi_answer_f1(prediction, gold)
    if category == 3:
        gold = gold.split(";")[0].strip()
    return token_f1(prediction, gold)


def bleu1(prediction: str, reference: str) -> float:
    """Sentence BLEU-1: clipped unigram precision times the brevity penalty (lowercased tokens)."""
    pred = _BLEU_TOKEN.findall(prediction.lower())
    ref = _BLEU_TOKEN.findall(reference.lower())
    if not pred or not ref:
        return 0.0
    clipped = sum((Counter(pred) & Counter(ref)).values())
    if clipped == 0:
        return 0.0
    penalty = 1.0 if len(pred) > len(ref) else math.exp(1 - len(ref) / len(pred))
    return penalty * clipped / len(pred)


def mean_pairwise_cosine(vectors: np.ndarray) -> float | None:
    """Mean cosine over all unordered pairs of rows (rows need not be normalised); None under 2 rows."""
    n = len(vectors)
    if n < 2:
        return None
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sims = unit @ unit.T
    return float(sims[np.triu_indices(n, k=1)].mean())
