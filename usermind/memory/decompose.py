"""Optional LLM query decomposition for multi-hop questions (``memory.llm_decompose``, off by default).

A question whose answer is spread over several turns ("What martial arts has John done?") shares few
words with each of them.  With a model configured, the question is split once into a few short search
queries (cached per question), each is recalled on its own, and the best of what only they found takes
the last quarter of the question's own ranking (:func:`merge_rankings`) — so a model that splits badly
cannot push the question's own first finds out.  A model failure is logged and the question is recalled
alone.
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
SHARE = 0.25  # at most this share of the k slots goes to what only the sub-queries found


def merge_rankings(
    own: list[Memory], others: list[list[Memory]], k: int, share: float = SHARE
) -> list[Memory]:
    """The question's ``own`` ranking with its last ``share`` of the ``k`` slots given to the best by
    reciprocal rank fusion of the sub-queries' rankings and ``own``'s rows past the cut (ties in
    first-seen order); slots nothing fills stay with ``own``.  A sub-query that finds nothing
    useful can so only move the question's own finds down by a quarter of the list."""
    reserve = min(max(1, int(k * share)), k) if any(others) else 0
    kept = own[: k - reserve]
    placed = {m.id for m in kept}
    score: dict[str, float] = {}
    entry: dict[str, Memory] = {}
    tail = [(rank, m) for rank, m in enumerate(own, 1) if rank > len(kept)]  # own finds past the cut
    for ranking in [tail, *(list(enumerate(r, 1)) for r in others)]:
        for rank, memory in ranking:
            if memory.id not in placed:
                score[memory.id] = score.get(memory.id, 0.0) + 1.0 / (RRF_K + rank)
                entry.setdefault(memory.id, memory)
    extra = [entry[mid] for mid in sorted(entry, key=lambda mid: -score[mid])[:reserve]]
    placed |= {m.id for m in extra}
    rest = [m for m in own[k - reserve :] if m.id not in placed]
    return (kept + extra + rest)[:k]


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
