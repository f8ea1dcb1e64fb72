"""Per-user tool/platform preferences learned from picks, corrections, praise and statements.

Events are stored (never overwritten) in SQLite; scores are a pure function of the events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from usermind.config import validate_user_id
from usermind.storage.contract import Storage
from usermind.storage.db import new_id, now_ts

EventKind = Literal["pick", "correction", "praise", "complaint", "stated"]
WEIGHTS: dict[str, float] = {"pick": 1.0, "praise": 1.5, "correction": 3.0, "complaint": -1.5, "stated": 2.0}

_DDL = """
CREATE TABLE IF NOT EXISTS tool_preferences (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    grp TEXT NOT NULL,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    weight REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    ts REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS tool_preferences_user ON tool_preferences(user_id, platform);
"""


class PreferenceEvent(BaseModel):
    """One observation of the user's preference for ``platform`` (in tool group ``grp``; '*' = any)."""

    user_id: str
    grp: str = "*"
    platform: str
    kind: EventKind
    weight: float
    note: str = ""
    ts: float = 0.0


def preference_scores(
    events: Iterable[PreferenceEvent], candidates: list[str], group: str = "*", half_life_events: int = 20
) -> dict[str, float]:
    """Score each candidate platform: weighted events, group-specific ones doubled, older ones decayed.

    A correction away from a platform is stored as a negative event for it, so scores can go below 0.
    """
    scores = {c: 0.0 for c in candidates}
    ordered = sorted(events, key=lambda e: e.ts, reverse=True)
    for age, event in enumerate(ordered):
        if event.platform not in scores:
            continue
        decay = 0.5 ** (age / half_life_events)
        scope = 2.0 if group != "*" and event.grp == group else 1.0
        scores[event.platform] += event.weight * scope * decay
    return scores


class ToolPreferenceStore:
    """SQLite-backed preference events, all queries scoped to one user."""

    def __init__(self, db: Storage):
        self.db = db
        db.ensure_schema("tool_preferences", _DDL)

    def record(
        self,
        user_id: str,
        platform: str,
        kind: EventKind,
        grp: str = "*",
        note: str = "",
        weight: float | None = None,
    ) -> PreferenceEvent:
        event = PreferenceEvent(
            user_id=validate_user_id(user_id),
            grp=grp or "*",
            platform=platform,
            kind=kind,
            weight=WEIGHTS[kind] if weight is None else weight,
            note=note,
            ts=now_ts(),
        )
        self.db.execute(
            "INSERT INTO tool_preferences (id, user_id, grp, platform, kind, weight, note, ts) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                new_id("tp"),
                event.user_id,
                event.grp,
                event.platform,
                event.kind,
                event.weight,
                event.note,
                event.ts,
            ),
        )
        return event

    def pick(self, user_id: str, platform: str, grp: str = "*") -> None:
        """The user (or the agent, unchallenged) used ``platform``."""
        self.record(user_id, platform, "pick", grp)

    def praise(self, user_id: str, platform: str, grp: str = "*") -> None:
        self.record(user_id, platform, "praise", grp)

    def correct(self, user_id: str, wrong: str, right: str, grp: str = "*") -> None:
        """The user redirected a call from ``wrong`` to ``right``."""
        self.record(user_id, right, "correction", grp, note=f"instead of {wrong}")
        self.record(user_id, wrong, "complaint", grp, note=f"corrected to {right}")

    def events(self, user_id: str) -> list[PreferenceEvent]:
        rows = self.db.query(
            "SELECT user_id, grp, platform, kind, weight, note, ts FROM tool_preferences "
            "WHERE user_id = ? ORDER BY ts",
            (validate_user_id(user_id),),
        )
        return [PreferenceEvent(**dict(r)) for r in rows]

    def scores(self, user_id: str, candidates: list[str], group: str = "*") -> dict[str, float]:
        return preference_scores(self.events(user_id), candidates, group)

    def learn_from_message(self, user_id: str, message: str, platforms: Iterable[str]) -> list[str]:
        """Record a ``stated`` preference for each platform the message says the user uses or likes.

        Returns the platforms recorded ("I always shop on ShopB", "I prefer ShopB"); negated
        statements ("I never use ShopA") are recorded as complaints.
        """
        recorded = []
        for platform, polarity in stated_platforms(message, platforms):
            self.record(user_id, platform, "stated" if polarity > 0 else "complaint", note=message[:200])
            recorded.append(platform)
        return recorded


_POSITIVE = re.compile(
    r"\b(prefer|like|love|use|using|shop|order|buy|go with|stick with|always|usually|favou?rite)\b", re.I
)
_NEGATIVE = re.compile(r"\b(never|don't|do not|hate|dislike|avoid|stopped|not)\b", re.I)


def stated_platforms(message: str, platforms: Iterable[str]) -> list[tuple[str, int]]:
    """(platform, +1/-1) for each platform named in a first-person preference statement."""
    if not re.search(r"\b(i|i'm|i've|my|we)\b", message, re.I):
        return []
    out = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\bbut\b", message):
        for platform in platforms:
            if not re.search(rf"(?<!\w){re.escape(platform)}(?!\w)", sentence, re.I):
                continue
            if _NEGATIVE.search(sentence):
                out.append((platform, -1))
            elif _POSITIVE.search(sentence):
                out.append((platform, 1))
    return out
