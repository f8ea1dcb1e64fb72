"""The ``recommend_items`` tool: PIE-adapted recommendations from the current user's graph."""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from usermind.agent.api import Agent
from usermind.errors import ConfigError
from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.models import SELF, Provenance, Triple
from usermind.graphs.pie import Catalogue, CatalogueItem, PieRule, PieRuleSet, PopulationStats
from usermind.graphs.pie.tool import TOOL_NAME, recommend_for, recommendation_tools
from usermind.llm.client import LLMClient
from usermind.storage.db import Database
from usermind.tools import ToolCall, ToolRegistry
from usermind.tools.context import acting_for

IT, TOM = "cuisine:italian", "ingredient:tomato"
ANA_LIKES = {IT, TOM, "ingredient:basil", "ingredient:cheese"}
RULES = PieRuleSet(rules=[PieRule(name="cuisine x ingredient", types=["cuisine", "ingredient"])])


def catalogue() -> Catalogue:
    """Every cuisine x ingredient pair x technique: 3 * 10 * 2 = 60 recipes."""
    ingredients = ["tomato", "basil", "chili", "rice", "cheese"]
    return Catalogue(
        items=[
            CatalogueItem(
                id=f"{c}-{a}-{b}-{t}",
                name=f"{t} {c} {a} and {b}",
                features=[f"cuisine:{c}", f"ingredient:{a}", f"ingredient:{b}", f"technique:{t}"],
            )
            for c in ("italian", "mexican", "indian")
            for a, b in combinations(ingredients, 2)
            for t in ("baked", "fried")
        ]
    )


def judge(kg: KnowledgeGraph, item: str, liked: bool, source: str = "remember") -> None:
    polarity = "likes" if liked else "dislikes"
    kg.add(
        Triple(
            head=SELF, relation=polarity, tail=item, polarity=polarity, provenance=Provenance(source=source)
        )
    )


def fill_ana(kg: KnowledgeGraph) -> None:
    """Likes dominated by italian + tomato; feedback on recommendations asks for less of it."""
    for item in ("tomato-basil-baked", "tomato-chili-fried", "tomato-rice-baked", "tomato-cheese-fried"):
        judge(kg, f"italian-{item}", True)
    judge(kg, "mexican-basil-cheese-baked", True)
    judge(kg, "indian-chili-rice-baked", False)
    judge(kg, "indian-rice-cheese-fried", False)
    judge(kg, "italian-basil-cheese-fried", True, "feedback")
    judge(kg, "mexican-tomato-cheese-baked", True, "feedback")
    judge(kg, "italian-tomato-basil-fried", False, "feedback")
    judge(kg, "italian-tomato-chili-baked", False, "feedback")


def fill_bo(kg: KnowledgeGraph) -> None:
    for item in ("chili-rice-fried", "basil-chili-baked", "tomato-chili-fried"):
        judge(kg, f"mexican-{item}", True)
    judge(kg, "italian-tomato-cheese-baked", False)


@pytest.fixture
def graphs(tmp_path):
    db = Database(tmp_path / "kg.sqlite3")
    backend = open_backend("networkx", db=db)
    fill_ana(KnowledgeGraph(backend, "ana"))
    fill_bo(KnowledgeGraph(backend, "bo"))
    yield lambda user: KnowledgeGraph(backend, user)
    backend.close()
    db.close()


def out_of_bubble_relevant(result) -> list[str]:
    """Recommended items that share a liked feature but not the italian + tomato combination."""
    cat = catalogue().by_id
    return [
        r.item_id
        for r in result.items
        if set(cat[r.item_id].features) & ANA_LIKES and not {IT, TOM} <= set(cat[r.item_id].features)
    ]


def test_per_user_strategy_brings_relevant_items_from_outside_the_bubble(graphs):
    cat = catalogue()
    plain = recommend_for(graphs("ana"), cat, k=5, rules=RULES, strategy="none")
    adapted = recommend_for(graphs("ana"), cat, k=5, rules=RULES)
    assert adapted.pie_pairs == [(IT, TOM)] == plain.pie_pairs
    assert adapted.strategy != "none" and adapted.strategy_reason == "best agreement with feedback"
    assert [r.in_bubble for r in plain.items[:2]] == [True, True]  # the two unjudged italian + tomato
    assert sum(r.in_bubble for r in adapted.items) < sum(r.in_bubble for r in plain.items)
    assert len(out_of_bubble_relevant(adapted)) > len(out_of_bubble_relevant(plain))
    judged = {t.tail for t in graphs("ana").triples()}
    for r in adapted.items:
        features = cat.by_id[r.item_id].features
        assert r.item_id not in judged
        assert r.in_bubble == ({IT, TOM} <= set(features))
        assert any(f in r.reason for f in features)
    assert [r.score for r in adapted.items] == sorted((r.score for r in adapted.items), reverse=True)


def test_population_decides_what_counts_as_a_bubble(graphs):
    common = PopulationStats.from_items([[IT, TOM]] * 50 + [["cuisine:mexican", "ingredient:basil"]] * 50)
    result = recommend_for(graphs("ana"), catalogue(), rules=RULES, population=common)
    assert result.pie_pairs == [] and result.strategy == "none"


def test_request_naming_a_feature_filters_the_candidates(graphs):
    result = recommend_for(graphs("ana"), catalogue(), request="Something with RICE please", k=4)
    assert result.request_features == ["ingredient:rice"] and len(result.items) == 4
    assert all("ingredient:rice" in catalogue().by_id[r.item_id].features for r in result.items)


def test_tool_is_scoped_to_the_user_of_the_act_step(graphs):
    registry = ToolRegistry()
    spec = recommendation_tools(registry, graphs, catalogue(), rules=RULES, k=3)
    assert spec.name == TOOL_NAME and set(spec.args_model.model_fields) == {"request", "k"}
    outside = registry.execute(ToolCall(name=TOOL_NAME))
    assert not outside.ok and "only inside an agent's act step" in outside.error
    with pytest.raises(ConfigError, match="act step"):
        spec.func()
    with acting_for("ana"):
        ana = registry.execute(ToolCall(name=TOOL_NAME)).output
    with acting_for("bo"):
        bo = registry.execute(ToolCall(name=TOOL_NAME, arguments={"k": 4})).output
    assert len(ana.items) == 3 and len(bo.items) == 4
    assert [r.item_id for r in ana.items] != [r.item_id for r in bo.items[:3]]
    cat = catalogue().by_id
    assert all({"cuisine:mexican", "ingredient:chili"} & set(cat[r.item_id].features) for r in bo.items)


def test_capable_llm_reranks_and_a_failing_one_leaves_the_llm_free_order(graphs):
    cat = catalogue()
    base = [r.item_id for r in recommend_for(graphs("ana"), cat, k=3, rules=RULES).items]
    pool = [r.item_id for r in recommend_for(graphs("ana"), cat, k=9, rules=RULES).items]
    wanted = [pool[5], pool[0], "not-a-candidate"]
    llm = LLMClient("openai/gpt-4o-mini", mock_response=json.dumps({"order": wanted}))
    reranked = recommend_for(graphs("ana"), cat, k=3, rules=RULES, llm=llm)
    assert reranked.reranked_by_llm
    assert [r.item_id for r in reranked.items] == [pool[5], pool[0], pool[1]]
    broken = LLMClient("openai/gpt-4o-mini", mock_response="no json here")
    fallback = recommend_for(graphs("ana"), cat, k=3, rules=RULES, llm=broken)
    assert not fallback.reranked_by_llm and [r.item_id for r in fallback.items] == base


def test_agent_calls_the_tool_for_a_recommendation_request(tmp_path):
    registry = ToolRegistry()
    llm = LLMClient("ollama/mock-model", mock_response="ok")
    with Agent(user="ana", home=tmp_path, llm=llm, tools=registry) as agent:
        recommendation_tools(registry, agent.context.graph_for, catalogue(), rules=RULES, llm=llm)
        fill_ana(agent.knowledge_graph())
        reply = agent.chat("Recommend me some recipes")
        expected = recommend_for(agent.context.graph_for("ana"), catalogue(), rules=RULES)  # db open
    result = reply.tool_results[0]
    assert result["name"] == TOOL_NAME and result["ok"]
    items = result["output"]["items"]
    assert len(items) == 5 and result["output"]["pie_pairs"] == [[IT, TOM]]
    assert not result["output"]["reranked_by_llm"]  # the mock ollama model has no function calling
    assert [i["item_id"] for i in items] == [r.item_id for r in expected.items]


def test_chat_reactions_become_feedback_for_the_strategy_choice(tmp_path):
    from usermind.agent.api import Agent
    from usermind.cli.slash import dispatch
    from usermind.graphs.pie.tool import FEEDBACK_SOURCE
    from usermind.llm.client import LLMClient

    with Agent(user="rae", home=tmp_path, llm=LLMClient("ollama/mock-model", mock_response="ok")) as agent:
        assert dispatch(agent, "/like Margherita pizza").startswith("noted: you like Margherita pizza")
        assert dispatch(agent, "/dislike Tomato soup").startswith("noted: you dislike Tomato soup")
        assert dispatch(agent, "/like") == "usage: /like ITEM"
        triples = {
            (t.relation, t.tail, t.polarity, t.provenance.source) for t in agent.knowledge_graph().triples()
        }
    assert ("likes", "Margherita pizza", "likes", FEEDBACK_SOURCE) in triples
    assert ("dislikes", "Tomato soup", "dislikes", FEEDBACK_SOURCE) in triples
