"""The default embedding model's vectors of the shipped texts, stored in the package
(``shipped_vectors.npz``: the texts and their float16 vectors, made by ``python -m
usermind.memory.write_shipped``).  They stand in for embedding the texts only for an embedder of that
model whose own vectors of a sample of them agree (cosine :data:`AGREEMENT`); otherwise, or where a
text is missing from the file, the texts are embedded as before."""

from __future__ import annotations

import logging
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from usermind.config import DEFAULT_EMBEDDING_MODEL

if TYPE_CHECKING:
    from usermind.protocols import Embedder

log = logging.getLogger(__name__)
FILE = Path(__file__).with_name("shipped_vectors.npz")
SAMPLE = 8  # texts embedded to check that an embedder agrees with the file
AGREEMENT = 0.99
_checked: dict[Any, bool] = {}
_lock = threading.Lock()


@cache
def _load(path: Path = FILE) -> tuple[dict[str, int], np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            texts, vectors = [str(t) for t in data["texts"]], data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        log.warning("shipped vectors unreadable (%s); the shipped texts are embedded instead", exc)
        return None
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return {t: i for i, t in enumerate(texts)}, vectors


def _agrees(embedder: Embedder, rows: dict[str, int], vectors: np.ndarray) -> bool:
    sample = list(rows)[:: max(len(rows) // SAMPLE, 1)][:SAMPLE]
    own = np.asarray(embedder.embed(sample), dtype=np.float32)
    cosines = (own * vectors[[rows[t] for t in sample]]).sum(axis=1)
    if cosines.min() < AGREEMENT:
        log.info("the shipped vectors do not match this embedder (cosine %.3f); embedding", cosines.min())
        return False
    return True


def stored_vectors(embedder: Embedder, texts: tuple[str, ...]) -> np.ndarray | None:
    """The stored vectors of ``texts`` (float32 rows) if ``embedder`` is the default model and agrees
    with the file, else None."""
    from usermind.memory.shipped import model_key

    key = model_key(embedder)
    if key is None or key[2] != DEFAULT_EMBEDDING_MODEL:
        return None
    found = _load()
    if found is None:
        return None
    rows, vectors = found
    if any(t not in rows for t in texts):
        return None
    with _lock:
        if key not in _checked:
            try:
                _checked[key] = _agrees(embedder, rows, vectors)
            except Exception as exc:  # noqa: BLE001 - any embedder's failure: embed as before
                log.warning("shipped vectors not checked (%s); embedding", exc)
                return None
    return vectors[[rows[t] for t in texts]] if _checked[key] else None


def shipped_vectors() -> tuple[list[str], np.ndarray] | None:
    """Every text of the file and the default model's unit vectors of it, in the file's order (None when
    it cannot be read)."""
    found = _load()
    return None if found is None else (list(found[0]), found[1])


def shipped_texts() -> list[str]:
    """Every text the package embeds for itself: life domains, bearing examples, labelled messages."""
    from usermind.memory.bearing.basis import basis_texts
    from usermind.memory.kinds.classifier import examples

    return list(dict.fromkeys([*basis_texts(), *examples()[0]]))


def write(path: Path = FILE) -> int:
    """Embeds the shipped texts with the default model (float32) and writes them to ``path``."""
    from usermind.llm.embeddings import Embedder

    texts = shipped_texts()
    vectors = Embedder(DEFAULT_EMBEDDING_MODEL, precision="float32").embed(texts)
    np.savez_compressed(path, texts=np.array(texts), vectors=np.asarray(vectors, dtype=np.float16))
    return len(texts)
