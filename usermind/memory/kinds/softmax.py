"""Multinomial logistic regression on unit-length embeddings (pure numpy; no I/O).

Small, deterministic and fast to fit: a few hundred labelled sentences, full-batch gradient descent with
L2 regularisation, classes weighted to equal total weight so that a kind with more examples does not win
by its count alone.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class SoftmaxModel(NamedTuple):
    classes: tuple[str, ...]
    weights: np.ndarray  # (dim, classes)
    bias: np.ndarray  # (classes,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, classes) class probabilities of the rows of ``vectors`` (or of one vector)."""
        logits = np.atleast_2d(vectors) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def predict(self, vectors: np.ndarray) -> list[str]:
        return [self.classes[i] for i in self.probabilities(vectors).argmax(axis=1)]


def fit_softmax(
    vectors: np.ndarray,
    labels: list[str],
    *,
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 2.0,
    scale: float = 10.0,
) -> SoftmaxModel:
    """Fit the model; ``scale`` multiplies the inputs (cosine-sized features need larger weights)."""
    classes = tuple(sorted(set(labels)))
    if len(classes) < 2:
        raise ValueError("a classifier needs examples of at least two kinds")
    x = np.asarray(vectors, dtype=np.float64) * scale
    codes = np.array([classes.index(label) for label in labels])
    onehot = np.eye(len(classes))[codes]
    counts = onehot.sum(axis=0)
    sample_weight = (len(codes) / (len(classes) * counts))[codes][:, None] / len(codes)
    weights = np.zeros((x.shape[1], len(classes)))
    bias = np.zeros(len(classes))
    for _ in range(steps):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        error = (probs - onehot) * sample_weight
        weights -= rate * (x.T @ error + l2 * weights)
        bias -= rate * error.sum(axis=0)
    return SoftmaxModel(classes, (weights * scale).astype(np.float32), bias.astype(np.float32))
