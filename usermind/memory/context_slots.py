"""The conversation around the best hits, for the late slots of a long recall (pure numpy).

A question's evidence often lies a turn or two from what matched it best: the reply that names the
place, the follow-up that gives the date.  The neighbour weight of the fusion lends each turn a share
of its neighbours' scores, but only one turn away and only as a share.  When a caller asks for many
memories, the slots past the first ``ContextSlots.after`` favour the turns within ``turns`` of the
``hits`` best ones (a bonus of ``bonus`` on their fused score); the first slots are left as ranked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from usermind.memory.scoring import top_k

if TYPE_CHECKING:
    from usermind.memory.config import MemoryConfig


class ContextSlots(NamedTuple):
    after: int  # slots kept as ranked; those past it favour the context of the best hits
    hits: int  # how many of the best hits lend their context
    turns: int  # how far either side of a hit, in turns of its session
    bonus: float  # added to the fused score of a turn in that context


def context_slots(config: MemoryConfig, k: int) -> ContextSlots | None:
    """The context slots ``config`` asks for (``context_*``) in a recall of ``k`` memories, or None when
    they are off or ``k`` leaves no slot past the first ``context_from``."""
    if config.context_from is None or k <= config.context_from:
        return None
    return ContextSlots(config.context_from, config.context_hits, config.context_turns, config.context_bonus)


def around(prev: np.ndarray, nxt: np.ndarray, hits: list[int], turns: int) -> np.ndarray:
    """Mask of the rows within ``turns`` steps of ``hits`` along the ``prev`` / ``next`` links of
    their session (-1: none), the hits themselves excluded."""
    near = np.zeros(len(prev), dtype=bool)
    for links in (prev, nxt):
        frontier = np.asarray(hits, dtype=np.int64)
        for _ in range(turns):
            frontier = links[frontier]
            frontier = frontier[frontier >= 0]
            if not len(frontier):
                break
            near[frontier] = True
    near[np.asarray(hits, dtype=np.int64)] = False
    return near


def with_context(
    chosen: list[int],
    total: np.ndarray,
    alive: np.ndarray,
    prev: np.ndarray,
    nxt: np.ndarray,
    k: int,
    slots: ContextSlots,
) -> tuple[list[int], np.ndarray]:
    """``chosen`` (the ``k`` best rows by ``total``, best first) with its slots past ``slots.after``
    re-filled by ``total`` plus the bonus of the best hits' context, and that bonus per row (zeros
    where nothing changes)."""
    bonus = np.zeros(len(total), dtype=np.float32)
    if k <= slots.after or len(chosen) <= slots.after or slots.bonus <= 0:
        return chosen, bonus
    head = chosen[: slots.after]
    bonus[around(prev, nxt, head[: slots.hits], slots.turns)] = slots.bonus
    rest = alive.copy()
    rest[head] = False
    tail = top_k(total + bonus, rest, k - len(head))
    return head + [int(r) for r in tail], bonus
