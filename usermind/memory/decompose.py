"""Optional LLM query decomposition for multi-hop questions (``memory.llm_decompose``, off by default).

A question whose answer is spread over several turns ("What martial arts has John done?") shares few
words with each of them.  With a model configured, the question is split once into a few short search
queries (cached per question), each is recalled on its own, and the rankings are merged by reciprocal
rank fusion with the original question's ranking — so a model that splits badly can add candidates but
not take away the ones the question finds by itself.  A model failure is logged and the question is
recalled alone.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from usermind.errors import ModelError
from usermind.memory.models import Memory
from usermind.prompts import render

if TYPE_CHECKING:
    from usermind.protocols import ChatModel

log = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank-fusion constant: rank r counts 1 / (RRF_K + r)


def merge_rankings(rankings: list[list[Memory]], k: int) -> list[Memory]:
    """The ``k`` best memories of several rankings by reciprocal rank fusion (best first; ties keep the
    order in which memories were first seen, the first ranking's first).  A memory keeps the entry of
    the first ranking that has it."""
    score: dict[str, float] = {}
    entry: dict[str, Memory] = {}
    for ranking in rankings:
        for rank, memory in enumerate(ranking, 1):
            score[memory.id] = score.get(memory.id, 0.0) + 1.0 / (RRF_K + rank)
            entry.setdefault(memory.id, memory)
    order = sorted(entry, key=lambda mid: -score[mid])  # stable: first-seen order among equals
    return [entry[mid] for mid in order[:k]]


_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)]|queries?:)\s*", re.IGNORECASE)


def clean_queries(queries: list[str], question: str, parts: int) -> list[str]:
    """At most ``parts`` distinct, non-empty sub-queries that are not the question itself: list markers
    ("-", "1.") taken off, lines of more than 25 words (prose, not a query) left out."""
    seen = {question.strip().lower()}
    out: list[str] = []
    for query in queries:
        text = " ".join(_MARKER.sub("", str(query)).split()).strip("\"'")
        if text and len(text.split()) <= 25 and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out[:parts]


class QueryDecomposer:
    """Sub-queries of a question from ``llm``, cached (least recently used, ``cache_size`` questions)."""

    def __init__(self, llm: ChatModel, parts: int = 3, cache_size: int = 1024):
        self.llm = llm
        self.parts = parts
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def queries(self, question: str) -> list[str]:
        """The question's sub-queries (none when the model fails or finds it simple)."""
        key = " ".join(question.split())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        prompt = render("query_decomposition", question=key, parts=str(self.parts))
        try:
            answer = self.llm.complete([{"role": "user", "content": prompt}], max_tokens=120, temperature=0.0)
            found = clean_queries(answer.splitlines(), key, self.parts)
        except ModelError as exc:
            log.warning("query decomposition failed (%s); recalling the question alone", exc)
            return []
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return found
