import math

import pytest

from usermind.graphs.kgt import Candidate, KGTConfig, kgt_loss, plan_edits, retrieval_log_probs
from usermind.graphs.kgt.loss import log_sum_exp, removable


def cand(key, retrieval, reasoning, in_graph=False, is_new=False, relation="r"):
    return Candidate(
        key=key,
        head="user",
        relation=relation,
        tail=key,
        in_graph=in_graph,
        is_new=is_new,
        retrieval=retrieval,
        reasoning=reasoning,
    )


def test_log_sum_exp_matches_direct_sum():
    assert log_sum_exp([0.0, math.log(3.0)]) == pytest.approx(math.log(4.0))
    assert log_sum_exp([]) == -math.inf


def test_retrieval_is_a_softmax_over_present_triples_with_a_floor_for_absent_ones():
    lp = retrieval_log_probs({"a": 0.0, "b": math.log(3.0), "c": 5.0}, {"a", "b"}, 1e-6)
    assert lp["a"] == pytest.approx(math.log(0.25))
    assert lp["b"] == pytest.approx(math.log(0.75))
    assert lp["c"] == pytest.approx(math.log(1e-6))


def test_loss_is_mean_negative_log_of_reasoning_times_retrieval_over_h():
    cands = [cand("new", 0.0, -1.0, is_new=True), cand("old", 0.0, -5.0, in_graph=True)]
    # new absent: -( -1 + log 1e-6 )
    assert kgt_loss(cands, {"old"}, 1e-6) == pytest.approx(1.0 - math.log(1e-6))
    # new present next to old with equal retrieval score: P(z|q) = 1/2
    assert kgt_loss(cands, {"old", "new"}, 1e-6) == pytest.approx(1.0 + math.log(2.0))
    assert kgt_loss(cands, {"new"}, 1e-6) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        kgt_loss([cand("old", 0.0, -5.0, in_graph=True)], {"old"}, 1e-6)


def test_plan_adds_then_removes_the_conflicting_triple_until_below_epsilon():
    cands = [
        cand("good", 0.0, -0.5, is_new=True),
        cand("worse", 0.0, -2.0, is_new=True, relation="r2"),
        cand("stale", 0.0, -9.0, in_graph=True),
        cand("unrelated", -10.0, None, in_graph=True, relation="other"),
    ]
    plan = plan_edits(cands, KGTConfig(epsilon=2.5), prior=-4.0)
    assert [(s.op, s.key) for s in plan.steps] == [("add", "good"), ("remove", "stale"), ("add", "worse")]
    assert plan.converged and plan.loss_after <= 2.5
    assert all(s.loss_after < s.loss_before for s in plan.steps)
    assert plan.steps[0].loss_before == plan.loss_before


def test_plan_stops_as_soon_as_the_loss_is_below_epsilon():
    cands = [cand("good", 0.0, -0.5, is_new=True), cand("stale", 0.0, -9.0, in_graph=True)]
    plan = plan_edits(cands, KGTConfig(epsilon=1.5), prior=-4.0)
    assert [s.op for s in plan.steps] == ["add"]  # 0.5 + log 2 < 1.5: removal not needed


def test_triple_already_in_graph_needs_no_change():
    plan = plan_edits([cand("good", 0.0, -0.5, is_new=True, in_graph=True)], KGTConfig(epsilon=1.0))
    assert plan.steps == [] and plan.converged


def test_neutral_facts_of_other_relations_are_never_removal_candidates():
    new = cand("good", -3.0, -0.5, is_new=True)
    neutral = cand("neutral", -1.0, -4.2, in_graph=True, relation="lives in")  # about the prior
    contra = cand("contra", -2.5, -9.0, in_graph=True, relation="likes")  # competes and lowers P(a)
    far = cand("far", -9.0, -9.0, in_graph=True, relation="owns")  # lowers P(a) but not retrieved
    same_rel = cand("same", -30.0, -6.0, in_graph=True)  # same relation as H, other tail
    found = removable([new, neutral, contra, far, same_rel], margin=1.0, prior=-4.0, conflict_margin=1.0)
    assert [c.key for c in found] == ["contra", "same"]


def test_max_removals_bounds_the_changes():
    cands = [cand("good", 0.0, -0.5, is_new=True)] + [
        cand(f"s{i}", 0.0, -9.0, in_graph=True) for i in range(4)
    ]
    plan = plan_edits(cands, KGTConfig(epsilon=0.1, max_removals=2), prior=-4.0)
    assert [s.op for s in plan.steps] == ["add", "remove", "remove"]
    assert not plan.converged
