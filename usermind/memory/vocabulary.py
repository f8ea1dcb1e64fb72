"""A user's vocabulary with word embeddings: the soft half of lexical recall.

A question says "instruments"; the turns that answer it say "violin" and "clarinet". BM25 cannot join
them and the sentence embedding of a long turn barely moves for one word.  Every word of a user's
memories is embedded once, on its own (a few milliseconds per batch of new words at ingest, stored in
``mem_words``); a question's words are compared with that vocabulary, and the user's own words most
like them (less their likeness to the vocabulary's average word, which every generic word shares) are
searched for with BM25 as a third lexical query (see :func:`usermind.memory.recall.search`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from usermind.memory.vector_index import in_halves
from usermind.text import STOPWORDS, stem, words


def vocabulary_words(text: str) -> list[str]:
    """The words of ``text`` worth a vector: alphabetic, three letters or more, not stop words; each once."""
    return words_of(words(text))


def words_of_texts(texts) -> list[str]:
    """The vocabulary words of all of ``texts``, each once, in order."""
    return list(dict.fromkeys(w for t in texts for w in vocabulary_words(t)))


def words_of(tokens: list[str]) -> list[str]:
    """:func:`vocabulary_words` of text already split by :func:`usermind.text.words`."""
    return list(dict.fromkeys(w for w in tokens if len(w) >= 3 and w.isalpha() and w not in STOPWORDS))


class Vocabulary:
    """Words and their unit vectors, growable; the running mean vector serves as the generic word."""

    def __init__(self, dim: int):
        self.dim = dim
        self.words: list[str] = []
        self.position: dict[str, int] = {}
        self.seen: dict[str, None] = {}  # words of the indexed rows (in order), with a vector or not yet
        self._matrix = np.zeros((256, dim), dtype=np.float32)
        self._sum = np.zeros(dim, dtype=np.float64)
        self._reduced: _Reduced | None = None  # from REDUCE_FROM words: the first pass of likeness

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.position

    def note(self, tokens: list[str]) -> None:
        """Remember the words of a row as it is indexed (``tokens``: its text split by ``words``)."""
        for word in words_of(tokens):
            self.seen.setdefault(word, None)

    def pending(self) -> list[str]:
        """The words of the indexed rows that have no vector yet."""
        return [w for w in self.seen if w not in self.position]

    def unknown(self, texts: list[str]) -> list[str]:
        """The vocabulary words of ``texts`` not held yet, each once."""
        return [w for w in words_of_texts(texts) if w not in self.position]

    def add(self, new_words: list[str], vectors: np.ndarray) -> None:
        for word, vector in zip(new_words, np.asarray(vectors, dtype=np.float32), strict=True):
            if word in self.position:
                continue
            if len(self.words) == len(self._matrix):
                grown = np.zeros((2 * len(self._matrix), self._matrix.shape[1]), dtype=np.float32)
                grown[: len(self.words)] = self._matrix[: len(self.words)]
                self._matrix = grown
            self.position[word] = len(self.words)
            self._matrix[len(self.words)] = vector
            self._sum += vector
            self.words.append(word)
        if len(self.words) >= REDUCE_FROM and self.dim > REDUCED_DIMS:
            if self._reduced is None or len(self.words) >= 2 * self._reduced.fitted_at:
                self._reduced = _Reduced(self.matrix)  # (re)fitted as the vocabulary doubles
            else:
                self._reduced.extend(self.matrix)

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: len(self.words)]

    def vectors_of(self, some: list[str]) -> dict[str, np.ndarray]:
        """The held vectors of those of ``some`` this vocabulary has."""
        return {w: self._matrix[self.position[w]] for w in some if w in self.position}

    def likeness(self, query_vectors: np.ndarray, generic: float) -> np.ndarray:
        """Each word's best cosine to one of ``query_vectors``, less ``generic`` x its cosine to the mean
        word; from :data:`REDUCE_FROM` words exact for the :data:`EXACT_BEST` words likest in a first pass
        over the reduced copy (:class:`_Reduced`), ``-inf`` for the others."""
        if not len(self.words) or not len(query_vectors):
            return np.zeros(len(self.words), dtype=np.float32)
        norm = float(np.linalg.norm(self._sum))
        mean = self._sum / norm if norm > 0 else np.zeros_like(self._sum)
        # one pass over the vocabulary for the query words and the mean
        columns = np.vstack([np.asarray(query_vectors, dtype=np.float32), mean.astype(np.float32)])
        if self._reduced is None or len(self.words) <= EXACT_BEST:
            return _likeness(self.matrix, columns, generic)
        first = _likeness(self._reduced.rows, self._reduced.project(columns), generic)
        best = np.argpartition(-first, EXACT_BEST)[:EXACT_BEST]
        out = np.full(len(self.words), -np.inf, dtype=np.float32)
        out[best] = _likeness_rows(self.matrix[best], columns, generic)
        return out


REDUCE_FROM = 4_000  # from this many words a question's likeness is found in two passes (see _Reduced)
REDUCED_DIMS = 128
EXACT_BEST = 512  # words re-scored exactly after the reduced pass


class _Reduced:
    """The vocabulary projected on its first :data:`REDUCED_DIMS` principal directions (of the raw
    vectors, so the direction all MiniLM vectors share is kept), for a first pass a third the size of
    the full one: on the 100k bench user's 16,858 words (``usermind bench``'s corpus) and 549 questions
    (every third of the LoCoMo dev file's and the bench's), the expansion's terms were the exact scan's
    for 98.5 % of the questions, the scan 2.5 ms instead of 4.1 (p50, ad hoc).  Fitted once the vocabulary has
    :data:`REDUCE_FROM` words and again each time it doubles; words added in between are projected on
    the fitted directions."""

    def __init__(self, matrix: np.ndarray):
        sample = matrix[:: max(len(matrix) // 8_000, 1)].astype(np.float64)
        _, directions = np.linalg.eigh(sample.T @ sample)  # ascending eigenvalues
        self.basis = np.ascontiguousarray(directions[:, ::-1][:, :REDUCED_DIMS], dtype=np.float32)
        self.fitted_at = len(matrix)
        self._rows = np.zeros((2 * len(matrix), REDUCED_DIMS), dtype=np.float32)
        self._count = 0
        self.extend(matrix)

    @property
    def rows(self) -> np.ndarray:
        return self._rows[: self._count]

    def project(self, vectors: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(vectors @ self.basis, dtype=np.float32)

    def extend(self, matrix: np.ndarray) -> None:
        """Project the rows of ``matrix`` not projected yet (the vocabulary only grows)."""
        new = matrix[self._count :]
        if len(new) and self._count + len(new) > len(self._rows):
            grown = np.zeros((2 * (self._count + len(new)), REDUCED_DIMS), dtype=np.float32)
            grown[: self._count] = self.rows
            self._rows = grown
        self._rows[self._count : self._count + len(new)] = self.project(new)
        self._count += len(new)


SPLIT_FROM = 8_000  # from this many words the scan is shared with the vector scan's helper thread


def _likeness(matrix: np.ndarray, columns: np.ndarray, generic: float) -> np.ndarray:
    """Per row of ``matrix``: the best cosine to ``columns[:-1]`` less ``generic`` x the cosine to
    ``columns[-1]``, with torch's float32 kernel (about twice numpy's speed here); from
    :data:`SPLIT_FROM` words one half runs on the vector scan's helper thread (one core does not
    saturate the memory bandwidth this scan is bound by; see
    :func:`usermind.memory.vector_index.in_halves`)."""
    return in_halves(lambda part: _likeness_rows(part, columns, generic), matrix, SPLIT_FROM)


def _likeness_rows(matrix: np.ndarray, columns: np.ndarray, generic: float) -> np.ndarray:
    import torch

    from usermind.llm.threads import one_thread

    with one_thread(torch), torch.inference_mode():
        cosines = torch.from_numpy(matrix) @ torch.from_numpy(columns).T
        return (cosines[:, :-1].amax(dim=1) - generic * cosines[:, -1]).numpy()


def related_terms(
    vocabulary: Vocabulary, likeness: np.ndarray, asked: set[str], usable, n: int, floor: float
) -> list[str]:
    """The stems of the ``n`` words most like the question (``likeness`` from :meth:`Vocabulary.likeness`)
    from ``floor`` up, the question's own stems (``asked``) and words ``usable`` refuses left out."""
    above = np.flatnonzero(likeness >= floor)
    ranked = (vocabulary.words[int(i)] for i in above[np.argsort(-likeness[above], kind="stable")])
    return pick_terms(ranked, asked, usable, n)


def pick_terms(ranked: Iterable[str], asked: set[str], usable: Callable[[str], bool], n: int) -> list[str]:
    """The stems of the first ``n`` words of ``ranked`` (likest first, from the floor up) whose stem is
    none of ``asked``, not taken already and ``usable``; ``ranked`` is read no further than needed."""
    chosen: list[str] = []
    for word in ranked:
        if len(chosen) >= n:
            break
        term = stem(word)
        if term not in asked and term not in chosen and usable(term):
            chosen.append(term)
    return chosen
