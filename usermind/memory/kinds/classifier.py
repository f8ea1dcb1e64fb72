"""What kind of message a text is, learned from its embedding and its form: the rules of
:mod:`usermind.memory.requests` recognise the usual wordings; this recognises the rest by meaning.

A small softmax classifier over the memory system's own embeddings, fitted on first use from labelled
example messages shipped with the package (``messages.json``: requests for the user themselves,
requests on someone else's behalf, factual questions, questions about what the user said before, small
talk, statements the user makes about themselves, and remarks about anything else).  Fitting takes one
embedding pass over the examples (a second or two on a CPU) and is done once per process and embedder.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from usermind.memory.kinds.form import with_form
from usermind.memory.kinds.softmax import SoftmaxModel, fit_softmax
from usermind.memory.shipped import embed_shipped

if TYPE_CHECKING:
    from usermind.protocols import Embedder

log = logging.getLogger(__name__)
EXAMPLES = Path(__file__).with_name("messages.json")
REQUEST = "request"  # a recommendation, plan, choice or advice for the user themselves
STATEMENT = "statement"  # something the user says about themselves
QUESTION_EXCLUDES = (STATEMENT, "remark", "chat")  # kinds a message ending with "?" is not
MAJORITY = 0.5  # a message is taken for a request (or, against the wording rules, a statement) from here up


@cache
def examples(path: Path = EXAMPLES) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The labelled example messages: (texts, kinds)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return tuple(r["text"] for r in rows), tuple(r["kind"] for r in rows)


class MessageKinds:
    """The kind of a message from its embedding, fitted on first use with the embedder ``source()``
    gives (and fitted again when it gives another: the memory system's embedder can be replaced).
    Where the embedder fails on the examples, the classifier is unavailable for that embedder (logged
    once) and every message is left to the wording rules."""

    def __init__(self, source: Callable[[], Embedder], path: Path = EXAMPLES):
        self._source = source
        self._path = path
        self._fitted: tuple[Embedder, SoftmaxModel | None] | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SoftmaxModel | None:
        embedder = self._source()
        with self._lock:
            if self._fitted is None or self._fitted[0] is not embedder:
                self._fitted = (embedder, self._fit(embedder))
            return self._fitted[1]

    def _fit(self, embedder: Embedder) -> SoftmaxModel | None:
        texts, kinds = examples(self._path)
        try:
            vectors = embed_shipped(embedder, texts)
        except Exception as exc:  # noqa: BLE001 - any embedder's failure: the rules alone then
            log.warning("message kinds unavailable: the embedder failed on the examples (%s)", exc)
            return None
        return fit_softmax(with_form(list(texts), vectors), list(kinds))

    def _best(self, text: str, vector: np.ndarray, exclude: tuple[str, ...]) -> tuple[str, float] | None:
        model = self.model
        if model is None:
            return None
        probabilities = model.probabilities(with_form([text], vector))[0]
        allowed = [i for i, kind in enumerate(model.classes) if kind not in exclude]
        best = max(allowed, key=lambda i: probabilities[i])
        return model.classes[best], float(probabilities[best])

    def kind(self, text: str, vector: np.ndarray, exclude: tuple[str, ...] = ()) -> str | None:
        """The likeliest kind of message ``text`` (``vector``: its embedding), among those not in
        ``exclude`` (kinds its form rules out: a question is no statement); None without a model."""
        best = self._best(text, vector, exclude)
        return best[0] if best else None

    def is_request(self, text: str, vector: np.ndarray) -> bool:
        """The likeliest kind is a request, and by a majority (a message as like a factual question as a
        request is answered plainly: "What is the safest airline in the world?").  A message that ends
        with "?" asks, so it is taken for no statement, remark or small talk."""
        return self._by_majority(
            REQUEST, text, vector, QUESTION_EXCLUDES if text.rstrip().endswith("?") else ()
        )

    def is_statement(self, text: str, vector: np.ndarray) -> bool:
        """The likeliest kind is a statement about the user, by a majority."""
        return self._by_majority(STATEMENT, text, vector, ())

    def _by_majority(self, kind: str, text: str, vector: np.ndarray, exclude: tuple[str, ...]) -> bool:
        best = self._best(text, vector, exclude)
        return best is not None and best[0] == kind and best[1] >= MAJORITY

    def are_requests(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """Which of ``texts`` (``vectors``: their embeddings; none ending with "?") are requests, by a
        majority as :meth:`is_request` (none without a model)."""
        model = self.model
        if model is None or not texts:
            return np.zeros(len(texts), dtype=bool)
        probabilities = model.probabilities(with_form(texts, vectors))
        best = probabilities.argmax(axis=1)
        request = model.classes.index(REQUEST)
        return (best == request) & (probabilities[:, request] >= MAJORITY)

    def are_statements(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """Which of ``texts`` (``vectors``: their embeddings) are statements (none without a model)."""
        model = self.model
        if model is None or not texts:
            return np.zeros(len(texts), dtype=bool)
        return np.array(model.predict(with_form(texts, vectors))) == STATEMENT
