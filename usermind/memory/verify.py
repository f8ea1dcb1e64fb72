"""Self-ReCheck without an LLM: keep the memories that bear on the message, drop the rest, decide whether
to personalize at all, and attach the sycophancy and repetition guards.  Every decision has a reason.

Signals per memory: ``dense`` (cosine to the message), ``overlap`` (IDF-weighted share of the message's
content words found in the memory) and ``neighbour`` (support from the adjacent turn).  A message that
does not refer to the user (no first-person life reference, no known speaker) is answered without memory
unless a memory is a near paraphrase of it.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from usermind.memory.config import VerifyConfig
from usermind.memory.models import DroppedMemory, Guard, Memory, Verification
from usermind.memory.query import QueryInfo
from usermind.memory.text import content_terms
from usermind.memory.verify_prefs import judge_request


class Signals(BaseModel):
    dense: float
    overlap: float
    neighbour: float
    stated: bool = False
    bearing: float = 0.0
    named_speaker: bool = False


def overlap(query_terms: list[str], text: str, idf: Callable[[str], float]) -> float:
    """IDF-weighted share of the query's content terms that occur in ``text`` (0..1)."""
    unique = set(query_terms)
    if not unique:
        return 0.0
    present = set(content_terms(text))
    total = sum(idf(t) for t in unique)
    return sum(idf(t) for t in unique if t in present) / total if total > 0 else 0.0


def judge(s: Signals, info: QueryInfo, cfg: VerifyConfig) -> tuple[bool, str]:
    """Keep or drop one memory, with the reason."""
    fmt = f"cosine {s.dense:.2f}, word overlap {s.overlap:.2f}, context {s.neighbour:.2f}"
    if not info.personal:
        if s.dense >= cfg.generic_dense and s.overlap >= cfg.generic_overlap:
            return True, f"near paraphrase of a general message ({fmt})"
        return False, f"the message is general, not about the user ({fmt})"
    if s.dense >= cfg.min_dense:
        return True, f"related to a message about the user ({fmt})"
    if s.named_speaker and s.dense >= cfg.speaker_dense:
        return True, f"said by the person the message names and related to it ({fmt})"
    if s.overlap >= cfg.min_overlap:
        return True, f"shares the message's key words ({fmt})"
    if s.neighbour >= cfg.neighbour_keep:
        return True, f"its dialogue context answers the message ({fmt})"
    return False, f"not related to this message ({fmt})"


def sycophancy_guard(info: QueryInfo, claim_support: float | None, cfg: VerifyConfig) -> Guard | None:
    """A "remember when I ..." claim with no supporting memory: the reply must say there is none."""
    if info.claim is None or claim_support is None or claim_support >= cfg.strong_dense:
        return None
    return Guard(
        kind="sycophancy",
        message=(
            f"The user refers to a shared memory ('{info.claim}') but there is no such memory "
            f"(best match cosine {claim_support:.2f}); say you have no memory of it instead of agreeing."
        ),
    )


def repetition_guard(
    kept: list[Memory], uses: dict[str, int], cfg: VerifyConfig, binding: frozenset[str] = frozenset()
) -> tuple[list[Memory], list[DroppedMemory], Guard | None]:
    """Drop memories cited in ``repetition_limit`` of the recent replies (unless strongly asked for, or
    ``binding``: a stated preference or constraint a request must respect however often it came up —
    the guard then only asks the reply not to mention it again)."""
    repeated = [m for m in kept if uses.get(m.id, 0) >= cfg.repetition_limit]
    if not repeated:
        return kept, [], None
    dropped = [
        DroppedMemory(
            memory=m, reason=f"already used in {uses[m.id]} of the last {cfg.repetition_window} replies"
        )
        for m in repeated
        if m.components.get("dense", 0.0) < cfg.strong_dense and m.id not in binding
    ]
    drop_ids = {d.memory.id for d in dropped}
    guard = Guard(
        kind="repetition",
        message="Some memories came up in several recent replies; do not mention them again unless asked.",
        memory_ids=[m.id for m in repeated],
    )
    return [m for m in kept if m.id not in drop_ids], dropped, guard


def verify_rules(
    info: QueryInfo,
    memories: list[Memory],
    signals: list[Signals],
    *,
    uses: dict[str, int],
    claim_support: float | None,
    cfg: VerifyConfig,
) -> Verification:
    """The LLM-free Self-ReCheck decision over ``memories`` (aligned with ``signals``)."""
    kept: list[Memory] = []
    dropped: list[DroppedMemory] = []
    if info.wants_bearing:
        decisions = judge_request(info, memories, signals, cfg)
    else:
        decisions = [judge(s, info, cfg) for s in signals]
    for memory, s, (keep, reason) in zip(memories, signals, decisions, strict=True):
        memory = memory.model_copy(
            update={
                "components": {**memory.components, "overlap": round(s.overlap, 4)}
                | ({"bearing": round(s.bearing, 4)} if info.wants_bearing else {})
            }
        )
        if keep:
            kept.append(memory)
        else:
            dropped.append(DroppedMemory(memory=memory, reason=reason))
    binding = (
        frozenset(
            m.id for m, s, (keep, _) in zip(memories, signals, decisions, strict=True) if keep and s.stated
        )
        if info.wants_bearing
        else frozenset()
    )
    kept, guarded_out, guards = with_guards(kept, info, claim_support, uses, cfg, binding)
    dropped += guarded_out
    if any(g.kind == "sycophancy" for g in guards):
        reason = "no such memory: the user's 'remember when' claim is not supported by anything stored"
    elif kept:
        reason = f"kept {len(kept)} of {len(memories)} memories that bear on the message"
    elif info.for_people:
        reason = f"nothing the user said about their {', '.join(info.people)} bears enough on this request"
    elif info.wants_preferences and not info.personal:
        reason = (
            "the message does not ask about the user and no stated preference bears on it; "
            "answering without memory"
        )
    elif info.wants_preferences:
        reason = "no stated preference or memory bears enough on this request"
    elif not info.personal:
        reason = "the message does not ask about the user; answering without memory"
    else:
        reason = "no stored memory is relevant enough to this message"
    return Verification(
        kept=kept,
        dropped=dropped,
        personalize=bool(kept),
        reason=reason,
        guards=guards,
        request=info.request,
    )


def with_guards(
    kept: list[Memory],
    info: QueryInfo,
    claim_support: float | None,
    uses: dict[str, int],
    cfg: VerifyConfig,
    binding: frozenset[str] = frozenset(),
) -> tuple[list[Memory], list[DroppedMemory], list[Guard]]:
    """``kept`` after the guards, what they dropped, and the guards: a "remember when" claim nothing
    supports drops every kept memory; then :func:`repetition_guard` (``binding`` as there)."""
    guards: list[Guard] = []
    dropped: list[DroppedMemory] = []
    claim_guard = sycophancy_guard(info, claim_support, cfg)
    if claim_guard is not None:
        guards.append(claim_guard)
        dropped = [DroppedMemory(memory=m, reason="the claimed memory does not exist") for m in kept]
        kept = []
    kept, repeated, rep_guard = repetition_guard(kept, uses, cfg, binding)
    if rep_guard is not None:
        guards.append(rep_guard)
    return kept, dropped + repeated, guards


def guarded(
    result: Verification,
    info: QueryInfo,
    *,
    uses: dict[str, int],
    claim_support: float | None,
    cfg: VerifyConfig,
) -> Verification:
    """An LLM re-check's decision with the rules' guards (:func:`with_guards`); the memories a request
    kept are binding, as stated preferences are in the rules."""
    binding = frozenset(m.id for m in result.kept) if info.wants_bearing else frozenset()
    kept, guarded_out, guards = with_guards(list(result.kept), info, claim_support, uses, cfg, binding)
    if not guards:
        return result
    update = {
        "kept": kept,
        "dropped": [*result.dropped, *guarded_out],
        "guards": [*result.guards, *guards],
        "personalize": bool(kept),
    }
    return result.model_copy(update=update)
