"""Texts shipped with the package (life domains, bearing examples, labelled messages), embedded on
first use and shared by every memory system of the process that uses the same embedding model.

A built-in or registered embedder (one with a ``model`` name) is keyed by its class, model and
precision; an embedder without a model name is keyed by the object itself, so two custom embedders
never share vectors.  For the default model the vectors ship too (``shipped_vectors.npz``, made by
``python -m usermind.memory.write_shipped``): they are used once a sample of them agrees with the embedder's
own, so the first request of a process does not wait for some 2,000 texts to be embedded.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from usermind.memory.shipped_file import stored_vectors

if TYPE_CHECKING:
    from usermind.protocols import Embedder

_lock = threading.Lock()
_by_model: dict[tuple[Any, ...], np.ndarray] = {}
_by_object: weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], np.ndarray]] = weakref.WeakKeyDictionary()


def model_key(embedder: Embedder) -> tuple[Any, ...] | None:
    """What makes two embedders embed alike: class, model and precision; None without a model name."""
    model = getattr(embedder, "model", None)
    if not isinstance(model, str):
        return None
    impl = getattr(embedder, "impl", embedder)
    precision = getattr(impl, "precision", getattr(embedder, "precision", None))
    return (type(embedder).__qualname__, type(impl).__qualname__, model, precision)


def embed_shipped(embedder: Embedder, texts: tuple[str, ...]) -> np.ndarray:
    """The embeddings of ``texts`` (float32 rows), computed once per embedding model."""
    key = model_key(embedder)
    with _lock:
        found = _by_model.get((key, texts)) if key is not None else _object_cache(embedder).get(texts)
    if found is not None:
        return found
    vectors = stored_vectors(embedder, texts)
    if vectors is None:
        vectors = np.asarray(embedder.embed(list(texts)), dtype=np.float32)
    with _lock:
        if key is not None:
            _by_model[(key, texts)] = vectors
        else:
            _object_cache(embedder)[texts] = vectors
    return vectors


def _object_cache(embedder: Embedder) -> dict[tuple[str, ...], np.ndarray]:
    try:
        return _by_object.setdefault(embedder, {})
    except TypeError:  # neither hashable nor weakly referable: nothing is kept
        return {}
