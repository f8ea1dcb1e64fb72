"""Preference-aware Self-ReCheck for requests (recommendations, plans, choices, advice).

A request needs the user's stated preferences and constraints that bear on it, and only those: the
stated memories are ranked by *bearing* (cosine to the request plus agreement of life domains, see
:mod:`usermind.memory.domains`); the best ones above a floor are kept, counted by the statement they
come from (a turn and the facts distilled from it are one statement).  Other memories (questions the
user asked, events) are kept only when the message is about the user and they match it directly.
"""

from __future__ import annotations

from typing import Protocol

from usermind.memory.config import VerifyConfig
from usermind.memory.models import Memory
from usermind.memory.query import QueryInfo


class Sourced(Protocol):
    """A memory or an index row: what tells the statement it comes from."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def source_ids(self) -> list[str]: ...


def statement_key(memory: Sourced) -> str:
    """The statement a memory (or an index row) comes from: a fact's source turn, or the turn itself."""
    if memory.kind == "fact" and memory.source_ids:
        return memory.source_ids[0]
    return memory.id


def select_stated(
    memories: list[Memory], bearing: list[float], stated: list[bool], cfg: VerifyConfig
) -> set[int]:
    """Indices of the stated memories that bear on the request: above the floor, within the margin of
    the best one, from at most ``pref_max`` statements."""
    candidates = [i for i, s in enumerate(stated) if s and bearing[i] >= cfg.pref_floor]
    if not candidates:
        return set()
    best = max(bearing[i] for i in candidates)
    chosen: set[int] = set()
    statements: set[str] = set()
    for i in sorted(candidates, key=lambda i: -bearing[i]):
        key = statement_key(memories[i])
        if bearing[i] < best - cfg.pref_margin or (key not in statements and len(statements) >= cfg.pref_max):
            continue
        statements.add(key)
        chosen.add(i)
    return chosen


def judge_request(
    info: QueryInfo, memories: list[Memory], signals: list, cfg: VerifyConfig
) -> list[tuple[bool, str]]:
    """Keep or drop each memory of a request, with the reason (``signals`` carry dense/bearing/stated)."""
    bearing = [s.bearing for s in signals]
    chosen = select_stated(memories, bearing, [s.stated for s in signals], cfg)
    best = max((bearing[i] for i in chosen), default=0.0)
    what = (
        f"what the user said about their {', '.join(info.people)}"
        if info.for_people
        else "a stated preference"
    )
    out = []
    for i, s in enumerate(signals):
        fmt = f"bearing {s.bearing:.2f}, cosine {s.dense:.2f}"
        if i in chosen:
            out.append((True, f"{what} that bears on this request ({fmt})"))
        elif s.stated:
            out.append((False, f"{what} that bears less on this request ({fmt}; kept from {best:.2f})"))
        elif info.personal and s.dense >= cfg.strong_dense:
            out.append((True, f"directly related to a request about the user ({fmt})"))
        else:
            out.append((False, f"not a stated preference or constraint that bears on this request ({fmt})"))
    return out
