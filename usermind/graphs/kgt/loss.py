"""The pure math of KGT: retrieval probabilities, the loss, and Algorithm 1's add/remove loop.

Notation (arXiv 2405.19686): q the query, a the user's answer, e_q the query entity, H the
candidate triples extracted from the feedback, S the current triples whose head is e_q.

* P(z|q) = exp(r_z) / sum_{z' in S} exp(r_z') for z in S, where r_z is the retrieval log-score;
  a triple not in the graph cannot be retrieved, so its probability is ``min_prob``.
* P(a|q,z) = exp(s_z), the reasoning log-score.
* L(S) = -(1/K) sum_{z in H} log[P(a|q,z) P(z|q)],  K = |H|.

Algorithm 1 (online): H sorted by P(a|q,z) (best first), G_q sorted by P(a|q,z) (worst first);
alternately add the best remaining triple of H and remove the worst remaining triple of G_q,
recomputing L, until L <= epsilon or nothing is left to change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from usermind.graphs.kgt.models import Candidate, EditPlan, KGTConfig, PlanStep
from usermind.graphs.models import entity_key


def log_sum_exp(values: Iterable[float]) -> float:
    """log(sum(exp(v))) computed stably; -inf for no values."""
    vals = list(values)
    if not vals:
        return -math.inf
    top = max(vals)
    if top == -math.inf:
        return -math.inf
    return top + math.log(sum(math.exp(v - top) for v in vals))


def retrieval_log_probs(retrieval: dict[str, float], present: set[str], min_prob: float) -> dict[str, float]:
    """log P(z|q) for every key of ``retrieval``: a softmax over the ``present`` ones, log(min_prob) else."""
    norm = log_sum_exp(retrieval[k] for k in present)
    floor = math.log(min_prob)
    return {k: (max(v - norm, floor) if k in present else floor) for k, v in retrieval.items()}


def kgt_loss(candidates: Sequence[Candidate], present: set[str], min_prob: float) -> float:
    """L = -(1/K) sum over H of log[P(a|q,z) P(z|q)] for the graph state ``present`` (keys in S)."""
    new = [c for c in candidates if c.is_new]
    if not new:
        raise ValueError("the loss needs at least one candidate triple (H is empty)")
    retrieval = retrieval_log_probs({c.key: c.retrieval for c in candidates}, present, min_prob)
    if any(c.reasoning is None for c in new):
        raise ValueError("every candidate triple of H needs a reasoning score")
    return -sum((c.reasoning or 0.0) + retrieval[c.key] for c in new) / len(new)


def removable(
    candidates: Sequence[Candidate], margin: float, prior: float | None = None, conflict_margin: float = 0.0
) -> list[Candidate]:
    """G_q: existing e_q-triples that compete with H for retrieval and support ``a`` less than H does.

    A triple competes when its retrieval log-score is within ``margin`` of the best candidate of H;
    it is a removal candidate only when its reasoning score is below H's best and, given ``prior``
    (log P(a|q) with no facts), at least ``conflict_margin`` below the prior: a fact that merely
    says nothing about ``a`` is not removed. A triple with the same head and relation as a member
    of H but another tail contradicts it directly and is always a candidate. Worst first.
    """
    new = [c for c in candidates if c.is_new]
    if not new:
        return []
    best_retrieval = max(c.retrieval for c in new)
    new_relations = {entity_key(c.relation) for c in new}
    best_reasoning = max(c.reasoning for c in new if c.reasoning is not None)
    old = [
        (c.reasoning, c)
        for c in candidates
        if not c.is_new
        and c.in_graph
        and c.reasoning is not None
        and c.reasoning < best_reasoning
        and (
            entity_key(c.relation) in new_relations
            or (
                c.retrieval >= best_retrieval - margin
                and (prior is None or c.reasoning <= prior - conflict_margin)
            )
        )
    ]
    return [c for _, c in sorted(old, key=lambda rc: (rc[0], rc[1].key))]


def plan_edits(candidates: Sequence[Candidate], config: KGTConfig, prior: float | None = None) -> EditPlan:
    """Run Algorithm 1 on precomputed scores; returns the add/remove steps with their losses.

    ``prior`` is log P(a|q) with no facts (see :func:`removable`); None disables the conflict test.
    """
    present = {c.key for c in candidates if c.in_graph}
    to_add = sorted(
        (c for c in candidates if c.is_new and not c.in_graph), key=lambda c: (-(c.reasoning or 0.0), c.key)
    )
    to_remove = removable(candidates, config.relevance_margin, prior, config.conflict_margin)
    to_remove = to_remove[: config.max_removals]
    start = loss = kgt_loss(candidates, present, config.min_prob)
    steps: list[PlanStep] = []
    adding = True
    while loss > config.epsilon and (to_add or to_remove):
        if (adding and to_add) or not to_remove:
            chosen, op = to_add.pop(0), "add"
            present.add(chosen.key)
        else:
            chosen, op = to_remove.pop(0), "remove"
            present.discard(chosen.key)
        after = kgt_loss(candidates, present, config.min_prob)
        steps.append(PlanStep(op=op, key=chosen.key, loss_before=loss, loss_after=after))
        loss = after
        adding = not adding
    return EditPlan(steps=steps, loss_before=start, loss_after=loss, converged=loss <= config.epsilon)
