"""Recall stages over whole-candidate score arrays, independent of where the scores come from.

* :func:`session_support`: each row borrows the best base score of its own session (a conversation
  about one topic), so the right turn of a relevant session outranks a lone lookalike elsewhere.
* :func:`feedback_terms` / :func:`with_feedback`: a second, lexical retrieval hop (pseudo-relevance
  feedback in the style of RM3): the rarest words of the first hits that the question did not use
  ("Where did she move from?" -> the first hit says "my home country" -> "Sweden" is found through
  "home country") are searched for again and blended into the lexical scores.

All functions are pure: arrays and lists in, arrays and lists out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from usermind.memory.scoring import normalise_lexical


def session_support(base: np.ndarray, sessions: np.ndarray) -> np.ndarray:
    """For each row, the best ``base`` score among the rows of its session; a row without a session
    (negative code: a distilled fact) is its own context and keeps its own score."""
    base = np.asarray(base, dtype=np.float32)
    has = sessions >= 0
    if not has.any():
        return base.copy()
    best = np.full(int(sessions.max()) + 1, -np.inf, dtype=np.float32)
    np.maximum.at(best, sessions[has], base[has])
    return np.where(has, best[np.maximum(sessions, 0)], base)


def feedback_terms(
    documents: Iterable[list[str]], query_terms: Iterable[str], idf: Callable[[str], float], n: int
) -> list[str]:
    """The ``n`` terms of the first hits (each given as its content terms) that weigh most: summed IDF
    over the hits they occur in, the question's own terms left out."""
    asked = set(query_terms)
    weight: dict[str, float] = {}
    for terms in documents:
        for term in set(terms) - asked:
            weight[term] = weight.get(term, 0.0) + idf(term)
    ranked = sorted(weight.items(), key=lambda item: (-item[1], item[0]))
    return [term for term, _ in ranked[:n]]


def with_feedback(lexical: np.ndarray, feedback: np.ndarray, weight: float) -> np.ndarray:
    """The lexical scores (both 0..1 per query) blended with the feedback hop's, renormalised to 0..1."""
    if weight <= 0 or not feedback.size or float(feedback.max()) <= 0:
        return lexical
    return normalise_lexical(lexical + weight * normalise_lexical(feedback))
