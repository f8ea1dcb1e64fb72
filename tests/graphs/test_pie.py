"""Rule mining, slice adaptation, strategy choice and recommendation for PIE avoidance."""

from __future__ import annotations

import json

import pytest

from usermind.errors import ConfigError
from usermind.evals.pie import ranking_metrics
from usermind.evals.pie_data import PieBenchConfig, generate
from usermind.graphs.models import SELF, Triple
from usermind.graphs.pie import (
    AdaptConfig,
    Catalogue,
    CatalogueItem,
    FeedbackEvent,
    PieFinding,
    PieRule,
    PieRuleSet,
    PopulationStats,
    adapt_slice,
    biased_triples,
    choose_strategy,
    load_rules,
    mine_pie_pairs,
    preference_triples,
    recommend,
)

IT, TOM, BAS, MEX = "cuisine:italian", "ingredient:tomato", "ingredient:basil", "cuisine:mexican"


def population() -> PopulationStats:
    items = [[IT, TOM]] * 5 + [[IT, BAS]] * 20 + [[MEX, TOM]] * 20 + [[MEX, BAS]] * 55
    return PopulationStats.from_items(items)


def test_mining_flags_over_represented_pairs_with_configurable_thresholds():
    liked = [[IT, TOM]] * 6 + [[MEX, BAS]] * 4
    found = mine_pie_pairs(liked, population())
    assert [f.pair for f in found] == [(IT, TOM)]
    assert found[0].count == 6 and found[0].support == pytest.approx(0.6)
    assert found[0].lift == pytest.approx(0.6 / (6 / 101))
    strict = PieRuleSet(rules=[PieRule(name="strict", min_lift=20.0)])
    assert mine_pie_pairs(liked, population(), strict) == []
    typed = PieRuleSet(rules=[PieRule(name="cuisines only", types=["cuisine", "cuisine"])])
    assert mine_pie_pairs(liked, population(), typed) == []


def test_rules_load_from_json_and_bad_files_give_one_line_errors(tmp_path):
    good = tmp_path / "rules.json"
    good.write_text(
        json.dumps(
            {"rules": [{"name": "watch", "features": [TOM, IT], "min_lift": 1.5, "strategy": "invert"}]}
        )
    )
    rules = load_rules(good)
    assert rules.rules[0].matches((IT, TOM)) and not rules.rules[0].matches((IT, BAS))
    assert mine_pie_pairs([[IT, TOM]] * 3, population(), rules)[0].strategy == "invert"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"rules": [{"min_lift": -1}]}))
    with pytest.raises(ConfigError, match="not a valid rule set"):
        load_rules(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "missing.json")


def slice_() -> list[Triple]:
    return [
        Triple(head=SELF, relation="likes", tail=IT, polarity="likes", weight=1.0),
        Triple(head=SELF, relation="likes", tail=TOM, polarity="likes", weight=0.8),
        Triple(head=SELF, relation="likes", tail=BAS, polarity="likes", weight=0.6),
        Triple(head=IT, relation="co_liked_with", tail=TOM, polarity="likes", weight=1.5),
    ]


FINDING = PieFinding(pair=(IT, TOM), rule="r", count=6, support=0.6, population_support=0.06, lift=10.0)


def test_strategies_edit_only_the_biased_triples():
    s = slice_()
    assert {t.tail for t in biased_triples(s, FINDING)} == {IT, TOM}
    assert adapt_slice(s, [FINDING], "none") == s
    soft = {
        (t.head, t.tail): t.weight for t in adapt_slice(s, [FINDING], "soft", AdaptConfig(soft_factor=0.5))
    }
    assert soft == {(SELF, IT): 0.5, (SELF, TOM): pytest.approx(0.4), (SELF, BAS): 0.6, (IT, TOM): 0.75}
    removed = adapt_slice(s, [FINDING], "remove")
    assert [t.relation for t in removed] == ["likes"] * 3
    inverted = adapt_slice(s, [FINDING], "invert")
    assert [t.polarity for t in inverted if t.relation == "co_liked_with"] == ["dislikes"]
    assert s[3].polarity == "likes"  # the input slice is not mutated


def catalogue() -> Catalogue:
    return Catalogue(
        items=[
            CatalogueItem(id="both", features=[IT, TOM]),
            CatalogueItem(id="it_basil", features=[IT, BAS]),
            CatalogueItem(id="mex_tom", features=[MEX, TOM]),
            CatalogueItem(id="mex_basil", features=[MEX, BAS]),
        ]
    )


def test_recommend_follows_the_adapted_graph():
    cat = catalogue()
    assert [r.item_id for r in recommend(slice_(), cat, k=2)] == ["both", "it_basil"]
    assert recommend(slice_(), cat, k=1)[0].score == pytest.approx(1.0 + 0.8 + 1.5)
    flipped = adapt_slice(slice_(), [FINDING], "invert")
    assert [r.item_id for r in recommend(flipped, cat, k=2)] == ["it_basil", "mex_tom"]
    assert [r.item_id for r in recommend(slice_(), cat, k=2, exclude={"both"})] == ["it_basil", "mex_tom"]


def test_strategy_is_chosen_from_feedback():
    cat = catalogue()
    outward = [
        FeedbackEvent(item_id="it_basil", liked=True),
        FeedbackEvent(item_id="mex_tom", liked=True),
        FeedbackEvent(item_id="both", liked=False),
        FeedbackEvent(item_id="mex_basil", liked=False),
    ]
    assert choose_strategy(slice_(), [FINDING], outward, cat).strategy == "invert"
    inward = [
        FeedbackEvent(item_id="both", liked=True),
        FeedbackEvent(item_id="it_basil", liked=True),
        FeedbackEvent(item_id="mex_tom", liked=False),
        FeedbackEvent(item_id="mex_basil", liked=False),
    ]
    assert choose_strategy(slice_(), [FINDING], inward, cat).strategy == "none"
    assert choose_strategy(slice_(), [FINDING], outward[:1], cat).strategy == "soft"
    assert choose_strategy(slice_(), [], outward, cat).strategy == "none"


def test_preference_triples_weight_over_represented_features():
    cat = catalogue()
    liked = [cat.by_id["both"]] * 3 + [cat.by_id["it_basil"]]
    triples = preference_triples(liked, [cat.by_id["mex_basil"]], cat)
    likes = {t.tail: t.weight for t in triples if t.polarity == "likes" and t.head == SELF}
    assert likes[IT] > likes[TOM] > 0 and BAS not in likes
    assert [(t.head, t.tail) for t in triples if t.relation == "co_liked_with"] == [(IT, TOM)]
    assert {t.tail for t in triples if t.polarity == "dislikes"} == {MEX, BAS}


def test_generator_is_reproducible_and_observed_likes_over_represent_the_bubble():
    a = generate(PieBenchConfig(seed=3, users=8, catalogue_size=400, min_bubble_items=8))
    b = generate(PieBenchConfig(seed=3, users=8, catalogue_size=400, min_bubble_items=8))
    assert a.model_dump() == b.model_dump()
    by_id = a.catalogue.by_id
    for u in a.users:
        assert set(u.liked) <= set(u.truly_liked)
        share = sum(set(u.bubble) <= set(by_id[i].features) for i in u.liked) / max(1, len(u.liked))
        base = sum(set(u.bubble) <= set(by_id[i].features) for i in u.truly_liked) / len(u.truly_liked)
        assert share > base


def test_ranking_metrics():
    m = ranking_metrics(["a", "b", "c", "d"], relevant={"a", "c", "z"}, in_bubble={"a"}, k=4)
    assert m["out_pie_rate"] == 0.25 and m["out_pie_share_of_relevant"] == 0.5
    assert m["precision"] == 0.5 and m["hit_rate"] == 1.0 and m["in_bubble_share"] == 0.25
    assert m["ndcg"] == pytest.approx((1 + 1 / 2) / (1 + 1 / 1.5849625 + 1 / 2))
