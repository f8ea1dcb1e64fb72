from usermind.evals.kgt import CaseResult, summarise
from usermind.evals.kgt_data import TEMPLATES, generate


def test_generator_is_reproducible_and_users_never_repeat_a_slot():
    a, b = generate(45, seed=3), generate(45, seed=3)
    assert a == b and a != generate(45, seed=4)
    assert len(a) == 45 and len({c.user_id for c in a}) == 3
    for user in {c.user_id for c in a}:
        slots = [c.slot for c in a if c.user_id == user]
        assert len(slots) == len(set(slots))
    assert all(len(c.paraphrases) >= 2 and c.user_answer in c.options for c in a)
    assert len({t.slot for t in TEMPLATES}) == len(TEMPLATES)


def row(before, after, added=1, removed=0, seconds=1.0, stale=False):
    return CaseResult(
        id="x",
        user_id="u",
        slot="s",
        user_answer="a",
        default_answer="d",
        stale=stale,
        before=before,
        after=after,
        margin_after=[1.0] * len(after),
        added=added,
        removed=removed,
        removed_other_slot=0,
        loss_before=5.0,
        loss_after=1.0,
        converged=True,
        seconds=seconds,
    )


def test_summary_separates_query_and_paraphrase_efficacy():
    s = summarise(
        [
            row([False, False, False], [True, True, False], removed=1, seconds=1.0, stale=True),
            row([True, False, False], [False, True, True], seconds=3.0),
        ]
    )
    assert s["efficacy"] == 0.5 and s["paraphrase_efficacy"] == 0.75
    assert s["baseline_efficacy"] == 0.5 and s["baseline_paraphrase_efficacy"] == 0.0
    assert s["triples_changed_per_edit"] == 1.5 and s["seconds_per_edit_mean"] == 2.0
    assert s["efficacy_stale_cases"] == 1.0 and s["efficacy_fresh_cases"] == 0.0
