"""An append-only BM25 index: new documents are added in O(terms), queries touch only the postings."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from usermind.memory.text import content_terms


class BM25Index:
    """Okapi BM25 over stemmed content terms; rows are addressed by their insertion position."""

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1 = k1
        self.b = b
        self._postings: dict[str, tuple[list[int], list[int]]] = {}
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # per term: its postings' BM25 weights and the statistics they were computed with
        self._weights: dict[str, tuple[tuple[int, float, float], np.ndarray]] = {}
        self._lengths: list[int] = []
        self._length_array: np.ndarray | None = None
        self._total = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, text: str) -> int:
        """Index ``text`` as the next row; returns its row number."""
        terms = content_terms(text)
        return self.add_counts(Counter(terms), len(terms))

    def add_counts(self, counts: dict[str, int], length: int) -> int:
        """Index a row given as its term frequencies and its length in terms (already tokenised)."""
        row = len(self._lengths)
        for term, tf in counts.items():
            docs, tfs = self._postings.setdefault(term, ([], []))
            docs.append(row)
            tfs.append(tf)
            self._arrays.pop(term, None)
            self._weights.pop(term, None)
        self._lengths.append(length)
        self._total += length
        self._length_array = None
        return row

    # The corpus statistics BM25 weighs with: this index's own rows (a subclass may take them from
    # the whole corpus while it indexes only some of its rows: see usermind.memory.pg_recall).
    def doc_count(self) -> int:
        return len(self._lengths)

    def doc_freq(self, term: str) -> int:
        return len(self._postings.get(term, ((), ()))[0])

    def avg_length(self) -> float:
        n = len(self._lengths)
        return max(self._total / n, 1e-6) if n else 1e-6

    def prepare(self, terms: list[str]) -> None:
        """Called before :meth:`idf` is asked about ``terms`` (a subclass may fetch their statistics)."""

    def idf(self, term: str) -> float:
        df = self.doc_freq(term)
        n = max(self.doc_count(), 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _posting(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        if term not in self._postings:
            return None
        arrays = self._arrays.get(term)
        if arrays is None:
            docs, tfs = self._postings[term]
            arrays = (np.asarray(docs, dtype=np.int64), np.asarray(tfs, dtype=np.float32))
            self._arrays[term] = arrays
        return arrays

    def scores(self, query: str, terms: list[str] | None = None) -> np.ndarray:
        """Dense vector of BM25 scores, one per row (zeros where no query term occurs)."""
        n = len(self._lengths)
        out = np.zeros(n, dtype=np.float32)
        if not n:
            return out
        if self._length_array is None:
            self._length_array = np.asarray(self._lengths, dtype=np.float32)
        avg = self.avg_length()
        for term in set(terms if terms is not None else content_terms(query)):
            posting = self._posting(term)
            if posting is None:
                continue
            docs, tfs = posting
            stats = (self.doc_count(), avg, self.idf(term))
            kept = self._weights.get(term)
            if kept is None or kept[0] != stats:  # kept until a row is added or the statistics change
                norm = self.k1 * (1 - self.b + self.b * self._length_array[docs] / avg)
                kept = (stats, stats[2] * tfs * (self.k1 + 1) / (tfs + norm))
                self._weights[term] = kept
            out[docs] += kept[1]
        return out
