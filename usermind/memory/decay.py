"""Optional decay of stale, never-used memories: a pure policy over memory records (no I/O)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

DAY = 86_400.0


class DecayPolicy(BaseModel):
    """Which memories count as stale.  Dry run by default: nothing is removed unless asked."""

    max_age_days: float = Field(180.0, gt=0, description="unused memories older than this are stale")
    min_uses: int = Field(1, ge=1, description="memories used by at least this many replies are kept")
    keep_facts_with_confidence_at_least: float | None = Field(
        0.9, ge=0, le=1, description="current facts this confident are kept (None: no exemption)"
    )
    drop_invalidated_history: bool = Field(
        False, description="also decay invalidated facts (by default bi-temporal history is kept)"
    )
    dry_run: bool = True


class MemoryRecord(BaseModel):
    """What the policy needs to know about one memory."""

    id: str
    kind: Literal["turn", "fact"]
    ts: float | None = Field(
        description="when the memory was created (turn time, fact valid_from); None: unknown"
    )
    last_used: float | None = None
    uses: int = 0
    confidence: float | None = None
    valid: bool = True
    source_ids: list[str] = Field(default_factory=list)


class DecayDecision(BaseModel):
    """One memory chosen for removal and why."""

    id: str
    kind: Literal["turn", "fact"]
    reason: str


class DecayReport(BaseModel):
    """The outcome of :meth:`MemorySystem.decay`."""

    user_id: str
    dry_run: bool
    now: float
    policy: DecayPolicy
    examined: int
    candidates: list[DecayDecision]
    removed: list[DecayDecision] = Field(default_factory=list)


def _stale_reason(record: MemoryRecord, policy: DecayPolicy, now: float) -> str | None:
    """Why ``record`` is stale on its own (age and use), or None when it is not."""
    if record.uses >= policy.min_uses:
        return None
    since = record.last_used if record.last_used is not None else record.ts
    if since is None:  # never used and of unknown time: its age cannot be judged
        return None
    age_days = (now - since) / DAY
    if age_days <= policy.max_age_days:
        return None
    used = "never used" if record.uses == 0 else f"used {record.uses}x, last {age_days:.0f} days ago"
    age = f"{(now - record.ts) / DAY:.0f} days old" if record.ts is not None else "of unknown age"
    return f"{used}; {age} (> {policy.max_age_days:g})"


def _protected_fact(record: MemoryRecord, policy: DecayPolicy, now: float) -> bool:
    if not record.valid and not policy.drop_invalidated_history:
        return True
    floor = policy.keep_facts_with_confidence_at_least
    if record.valid and floor is not None and record.confidence is not None and record.confidence >= floor:
        return True
    return _stale_reason(record, policy, now) is None


def select_stale(records: list[MemoryRecord], policy: DecayPolicy, now: float) -> list[DecayDecision]:
    """The memories ``policy`` would remove, in input order, each with a reason.

    Turns go when stale, unless a kept fact cites them (its provenance stays intact).  Facts go
    only when they are not protected (used, recent, confident, or invalidated history) and none of
    their source turns is kept, so removing the result through the forget path removes exactly it.
    """
    facts = [r for r in records if r.kind == "fact"]
    cited = {s for f in facts if _protected_fact(f, policy, now) for s in f.source_ids}
    dropped: dict[str, DecayDecision] = {}
    for record in records:
        if record.kind != "turn" or record.id in cited:
            continue
        reason = _stale_reason(record, policy, now)
        if reason is not None:
            dropped[record.id] = DecayDecision(id=record.id, kind="turn", reason=reason)
    turn_ids = {r.id for r in records if r.kind == "turn"}
    for fact in facts:
        if _protected_fact(fact, policy, now):
            continue
        if any(s in turn_ids and s not in dropped for s in fact.source_ids):
            continue  # derived from a turn that stays
        reason = _stale_reason(fact, policy, now) or "stale"
        if not fact.valid:
            reason = f"invalidated; {reason}"
        if fact.source_ids:
            reason += "; every source turn decays"
        dropped[fact.id] = DecayDecision(id=fact.id, kind="fact", reason=reason)
    return [dropped[r.id] for r in records if r.id in dropped]
