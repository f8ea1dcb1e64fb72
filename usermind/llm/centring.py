"""Re-centring another embedding model's vectors onto the default model's cosine scale.

Every threshold and weight of recall and verification (``memory.verify.min_dense`` 0.20, the fusion's
dense weight against BM25, the preference floor ...) was set on the default model's cosines, where two
unrelated texts sit near 0.09.  Many models put them much higher: nomic-embed-text-v1.5 sits at 0.54,
so every memory clears 0.20 and verification keeps nearly all of them, and its cosines spread half as
wide, so BM25 outweighs them in the fusion.  Most of that offset is one direction shared by all of a
model's vectors.  :class:`CentredEmbedder` takes a share of the model's mean vector (over a fixed sample
of the texts shipped with the package) off every vector it returns, the share chosen so that the
sample's mean pairwise cosine becomes the default model's; the vectors stay unit length and keep their
dimension.  The default model is never wrapped: it is the reference.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from usermind.llm.embeddings import embed_queries, unit_rows

if TYPE_CHECKING:
    from usermind.protocols import Embedder

REFERENCE_STEP = 9  # every 9th shipped text: some 300 texts of every kind the package ships


class Centring(NamedTuple):
    """What is taken off each vector: ``share`` x ``mean`` (then the vector is made unit length again)."""

    mean: np.ndarray
    share: float


def mean_pair_cosine(vectors: np.ndarray) -> float:
    """The mean cosine over all pairs of distinct rows of unit-length ``vectors``."""
    n = len(vectors)
    if n < 2:
        return 0.0
    total = vectors.sum(axis=0, dtype=np.float64)
    return float((total @ total - n) / (n * (n - 1)))  # sum over i != j of v_i . v_j, as |sum|^2 - n


def centred(vectors: np.ndarray, centring: Centring) -> np.ndarray:
    if centring.share <= 0:
        return np.asarray(vectors, dtype=np.float32)
    return unit_rows(np.asarray(vectors, dtype=np.float32) - centring.share * centring.mean)


def fit_centring(vectors: np.ndarray, target: float, steps: int = 40) -> Centring:
    """The smallest share of the mean of ``vectors`` (unit rows) whose removal brings their mean pairwise
    cosine down to ``target``; share 0 when it is there already (bisection: the mean cosine falls as
    the share grows)."""
    vectors = unit_rows(vectors)
    mean = vectors.mean(axis=0)
    if mean_pair_cosine(vectors) <= target:
        return Centring(mean, 0.0)
    low, high = 0.0, 1.0
    for _ in range(steps):
        mid = (low + high) / 2
        if mean_pair_cosine(centred(vectors, Centring(mean, mid))) > target:
            low = mid
        else:
            high = mid
    return Centring(mean, high)


def reference_sample() -> tuple[list[str], np.ndarray] | None:
    """The reference texts and the default model's vectors of them (from the shipped file), or None
    when the file cannot be read."""
    from usermind.memory.shipped_file import shipped_vectors

    found = shipped_vectors()
    if found is None:
        return None
    texts, vectors = found
    return texts[::REFERENCE_STEP], vectors[::REFERENCE_STEP]


class CentredEmbedder:
    """``inner`` with :class:`Centring` applied to everything it embeds (documents and queries alike),
    fitted on first use from one embedding call over the reference texts.  ``model``, ``dim`` and
    ``impl`` are the inner embedder's, so its vectors are cached under their own key."""

    def __init__(self, inner: Embedder, centring: Centring | None = None):
        self.impl = inner
        self.model = getattr(inner, "model", None)
        self._centring = centring
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.impl.dim

    @property
    def centring(self) -> Centring:
        with self._lock:
            if self._centring is None:
                self._centring = self._fit()
            return self._centring

    def _fit(self) -> Centring:
        sample = reference_sample()
        if sample is None:  # no reference: leave the vectors as they are
            return Centring(np.zeros(self.dim, dtype=np.float32), 0.0)
        texts, reference = sample
        return fit_centring(np.asarray(self.impl.embed(texts)), mean_pair_cosine(reference))

    def embed(self, texts: list[str]) -> np.ndarray:
        return centred(self.impl.embed(texts), self.centring)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return centred(embed_queries(self.impl, texts), self.centring)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
