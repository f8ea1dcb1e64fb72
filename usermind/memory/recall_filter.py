"""Which memories a recall may return, applied before its slots are filled.

A caller that filtered a recall's result afterwards ("not the turn just said", "not the assistant's own
replies", "facts only", "since Monday") and then cut it to ``k`` dropped the request's preference slots,
which a recall puts last: the stated preference that bears most on "Looking for a new sofa. Any fabric
tips?" ("Two cats. They shred everything.") was recalled and then cut by the agent.  A filter given to
the recall itself is applied to every stage that fills a slot, so the ``k`` returned all pass it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from usermind.memory.user_index import UserIndex


class RecallFilter(BaseModel):
    """What a recall leaves out (all conditions together)."""

    model_config = ConfigDict(frozen=True)

    skip_ids: frozenset[str] = frozenset()  # memories by id (a fact distilled from one stays: see ids)
    skip_speakers: frozenset[str] = frozenset()  # turns said by these speakers ("assistant")
    kind: Literal["turn", "fact"] | None = None  # only turns, or only facts
    since: float | None = None  # only memories of a known time from this one ...
    until: float | None = None  # ... up to this one

    def allowed(self, index: UserIndex) -> np.ndarray | None:
        """The rows of ``index`` the filter lets through (None: every row)."""
        if self == NO_FILTER:
            return None
        keep = np.ones(len(index), dtype=bool)
        for memory_id in self.skip_ids:
            row = index.by_id.get(memory_id)
            if row is not None:
                keep[row] = False
        codes = [index.speaker_codes[s] for s in self.skip_speakers if s in index.speaker_codes]
        if codes:
            keep &= ~np.isin(index.array("speaker"), codes)
        if self.kind is not None:
            keep &= index.array("is_fact") == (self.kind == "fact")
        if self.since is not None or self.until is not None:
            ts = index.array("ts")
            known = ~np.isnan(ts)
            keep &= known
            if self.since is not None:
                keep &= np.where(known, ts, -np.inf) >= self.since
            if self.until is not None:
                keep &= np.where(known, ts, np.inf) <= self.until
        return keep


NO_FILTER = RecallFilter()
