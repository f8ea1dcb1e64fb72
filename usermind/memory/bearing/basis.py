"""The embedded texts a request's bearing is computed with: the life-domain descriptions
(:mod:`usermind.memory.domains`) and example pairs of a request and a preference that bears on it
(``pairs.json``, shipped with the package: 900 pairs over 70 everyday areas, written for usermind,
none taken from a benchmark).  Embedded once, on first use, with the memory system's embedder, or
read from the shipped vectors for the default model (:mod:`usermind.memory.shipped_file`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from usermind.memory.domains import DOMAINS
from usermind.memory.shipped import embed_shipped

if TYPE_CHECKING:
    from usermind.protocols import Embedder

PAIRS = Path(__file__).with_name("pairs.json")


class BearingBasis(NamedTuple):
    domains: np.ndarray  # the life-domain descriptions
    requests: np.ndarray  # the example requests ...
    preferences: np.ndarray  # ... and, row for row, the preference that bears on each


def example_pairs(path: Path = PAIRS) -> list[tuple[str, str]]:
    """The example (request, preference) pairs."""
    return [(p["request"], p["preference"]) for p in json.loads(path.read_text(encoding="utf-8"))]


def basis_texts(path: Path = PAIRS) -> tuple[str, ...]:
    """The texts a basis embeds, in order: the life domains, the example requests, their preferences."""
    pairs = example_pairs(path)
    return (*DOMAINS, *(r for r, _ in pairs), *(p for _, p in pairs))


class BearingVectors:
    """The basis embedded on first use (one pass over some 1,800 short texts, or none: see above) with
    the embedder ``source()`` gives, and again when it gives another."""

    def __init__(self, source: Callable[[], Embedder], pairs: Path = PAIRS):
        self._source = source
        self._pairs = pairs
        self._built: tuple[Embedder, BearingBasis] | None = None
        self._lock = threading.Lock()

    @property
    def basis(self) -> BearingBasis:
        embedder = self._source()
        with self._lock:
            if self._built is None or self._built[0] is not embedder:
                matrix = embed_shipped(embedder, basis_texts(self._pairs))
                d = len(DOMAINS)
                n = (len(matrix) - d) // 2
                self._built = (embedder, BearingBasis(matrix[:d], matrix[d : d + n], matrix[d + n :]))
            return self._built[1]
