"""Inference-time adaptation of a user's graph slice around flagged PIE pairs (pure functions).

Biased triples of a flagged pair (a, b): the co-occurrence triples between a and b, and the
user's ``likes`` triples on a and on b.  Strategies:

- ``soft``: multiply the weight of every biased triple by ``soft_factor``;
- ``invert``: flip the co-occurrence triples to ``dislikes`` (the combination is now penalised;
  one is added at the pair's log-lift when the slice has none);
- ``remove``: drop the co-occurrence triples;
- ``none``: leave the slice as it is.

:func:`choose_strategy` picks one per user from their feedback (which adapted ranking agrees best
with what they liked and disliked).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from usermind.graphs.models import SELF, Triple, entity_key, invert_polarity
from usermind.graphs.pie.recommend import PAIR_RELATION, Catalogue, score_items
from usermind.graphs.pie.rules import PieFinding, feature_type

Strategy = Literal["none", "soft", "invert", "remove"]
STRATEGIES: tuple[Strategy, ...] = ("none", "remove", "soft", "invert")
"""Least to most invasive: also the tie-break order of :func:`choose_strategy`."""


class AdaptConfig(BaseModel):
    soft_factor: float = Field(0.7, ge=0.0, le=1.0, description="chosen on dev seeds 100-101")
    fallback: Strategy = Field("soft", description="strategy when feedback cannot tell strategies apart")
    min_feedback: int = Field(2, ge=1, description="liked and disliked events each needed to choose")


def _is_pair_triple(t: Triple, pair: tuple[str, str]) -> bool:
    keys = {entity_key(pair[0]), entity_key(pair[1])}
    return t.relation == PAIR_RELATION and {entity_key(t.head), entity_key(t.tail)} == keys


def _is_unary_like(t: Triple, pair: tuple[str, str]) -> bool:
    return (
        entity_key(t.head) == SELF
        and t.polarity == "likes"
        and entity_key(t.tail) in {entity_key(pair[0]), entity_key(pair[1])}
    )


def biased_triples(triples: list[Triple], finding: PieFinding) -> list[Triple]:
    """The triples of the slice that carry the bias of ``finding``."""
    return [t for t in triples if _is_pair_triple(t, finding.pair) or _is_unary_like(t, finding.pair)]


def adapt_slice(
    triples: list[Triple], findings: list[PieFinding], strategy: Strategy, config: AdaptConfig | None = None
) -> list[Triple]:
    """A new slice with ``strategy`` applied to every finding (a finding's own strategy wins)."""
    cfg = config or AdaptConfig()
    out = list(triples)
    for finding in findings:
        chosen = finding.strategy or strategy
        if chosen == "none":
            continue
        if chosen == "soft":
            out = [
                t.model_copy(update={"weight": t.weight * cfg.soft_factor})
                if _is_pair_triple(t, finding.pair) or _is_unary_like(t, finding.pair)
                else t
                for t in out
            ]
        elif chosen == "remove":
            out = [t for t in out if not _is_pair_triple(t, finding.pair)]
        elif chosen == "invert":
            if not any(_is_pair_triple(t, finding.pair) for t in out):
                a, b = finding.pair
                out.append(
                    Triple(
                        head=a,
                        relation=PAIR_RELATION,
                        tail=b,
                        polarity="likes",
                        weight=math.log(max(finding.lift, 1.0)),
                        head_type=feature_type(a),
                        tail_type=feature_type(b),
                    )
                )
            out = [
                t.model_copy(update={"polarity": invert_polarity(t.polarity)})
                if _is_pair_triple(t, finding.pair)
                else t
                for t in out
            ]
        else:
            raise ValueError(f"unknown PIE strategy {chosen!r}")
    return out


class FeedbackEvent(BaseModel):
    item_id: str
    liked: bool


class StrategyChoice(BaseModel):
    strategy: Strategy
    agreement: dict[str, float] = Field(default_factory=dict, description="AUC of each strategy on feedback")
    reason: str


def pairwise_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Share of (liked, disliked) pairs the scores order correctly; ties count one half."""
    pos, neg = scores[labels], scores[~labels]
    if len(pos) == 0 or len(neg) == 0:
        return 0.5
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 1e-12).sum() + 0.5 * (np.abs(diff) <= 1e-12).sum()) / diff.size)


def choose_strategy(
    triples: list[Triple],
    findings: list[PieFinding],
    feedback: list[FeedbackEvent],
    catalogue: Catalogue,
    config: AdaptConfig | None = None,
) -> StrategyChoice:
    """Pick the strategy whose adapted scores order the user's feedback best (pure).

    No findings: ``none``.  Too little feedback of either kind: ``config.fallback``.  Ties go to
    the less invasive strategy (order of :data:`STRATEGIES`).
    """
    cfg = config or AdaptConfig()
    if not findings:
        return StrategyChoice(strategy="none", reason="no PIE-inducing pair flagged")
    known = [f for f in feedback if f.item_id in catalogue.by_id]
    n_pos = sum(f.liked for f in known)
    if n_pos < cfg.min_feedback or len(known) - n_pos < cfg.min_feedback:
        return StrategyChoice(strategy=cfg.fallback, reason="too little feedback; using the fallback")
    rows = {it.id: i for i, it in enumerate(catalogue.items)}
    idx = np.array([rows[f.item_id] for f in known])
    labels = np.array([f.liked for f in known])
    agreement = {
        s: pairwise_auc(score_items(adapt_slice(triples, findings, s, cfg), catalogue)[idx], labels)
        for s in STRATEGIES
    }
    best = max(STRATEGIES, key=lambda s: (round(agreement[s], 9), -STRATEGIES.index(s)))
    return StrategyChoice(strategy=best, agreement=agreement, reason="best agreement with feedback")
