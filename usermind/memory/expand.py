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
from typing import NamedTuple

import numpy as np

from usermind.memory.scoring import normalise_lexical


class SessionGroups(NamedTuple):
    order: np.ndarray  # the rows with a session, grouped by session
    starts: np.ndarray  # where each group starts in ``order``
    in_place: bool  # every row has a session and ``order`` is every row in turn (no gather needed)


def session_groups(sessions: np.ndarray) -> SessionGroups:
    """The rows that belong to a session (non-negative code) ordered by session, and the position in that
    order where each session's rows start."""
    has = np.flatnonzero(sessions >= 0)
    order = has[np.argsort(sessions[has], kind="stable")]
    grouped = sessions[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(order) else has
    in_place = len(order) == len(sessions) and bool(np.array_equal(order, np.arange(len(order))))
    return SessionGroups(order, starts, in_place)


def session_support(base: np.ndarray, groups: SessionGroups) -> np.ndarray:
    """For each row, the best ``base`` score among the rows of its session (``groups``: see
    :func:`session_groups`); a row without a session (a distilled fact) is its own context and keeps its
    own score."""
    base = np.asarray(base, dtype=np.float32)
    order, starts, in_place = groups
    if not len(order):
        return base.copy()
    sizes = np.diff(np.r_[starts, len(order)])
    if in_place:  # rows already in session order (turns appended session by session): no gather
        return np.repeat(np.maximum.reduceat(base, starts), sizes)
    out = base.copy()
    out[order] = np.repeat(np.maximum.reduceat(base[order], starts), sizes)
    return out


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
