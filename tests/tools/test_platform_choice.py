"""The product's platform evidence from a profile, schema-described tools and implicit equivalents."""

import pytest

from usermind.tools import ToolRegistry, select_tools
from usermind.tools.match import EmbeddingCache
from usermind.tools.platform import mention_scores, profile_choice, profile_segments
from usermind.tools.schema_tool import spec_from_schema
from usermind.tools.select import alternatives, choose_platform, rank_tools


@pytest.fixture(scope="module")
def cache():
    return EmbeddingCache()


def _tool(name, platform, desc, params):
    schema = {
        "type": "object",
        "properties": {p: {"type": t} for p, t in params},
        "required": [p for p, _ in params],
    }
    return {"name": name, "description": desc, "platform": platform, "parameters": schema}


def test_negated_mentions_count_against_a_platform():
    segments = profile_segments({"history": "Never uses ShopA again; orders on ShopB every week."})
    assert mention_scores(segments, ["ShopA", "ShopB"]) == {"ShopA": -1.0, "ShopB": 1.0}


def test_traits_pick_the_platform_whose_description_fits(cache):
    descriptions = {
        "PennyMart": "discount marketplace with coupons and the lowest prices",
        "RushBox": "express delivery within the hour for urgent needs",
    }
    basics = {"name": "Ivo Petrov", "city": "Porto", "phone": "555-0101", "job": "electrician"}
    thrifty = {"about": {**basics, "personality": "careful with money, always clips coupons before buying"}}
    hurried = {"about": {**basics, "personality": "impatient, needs everything delivered right away"}}
    for profile, expected in ((thrifty, "PennyMart"), (hurried, "RushBox")):
        platform, reason = profile_choice(
            profile, list(descriptions), "order paper towels", descriptions, cache
        )
        assert platform == expected and expected in reason
    assert profile_choice({}, list(descriptions), "order towels", descriptions, cache) is None


def test_schema_tools_validate_and_keep_their_parameter_names():
    spec = spec_from_schema(_tool("buy", "ShopA", "Buy an item", [("item", "string"), ("qty", "integer")]))
    assert spec.parameters_schema()["required"] == ["item", "qty"]
    args = spec.args_model.model_validate({"item": "tea", "qty": "3"}).model_dump(by_alias=True)
    assert args == {"item": "tea", "qty": 3}
    with pytest.raises(ValueError):
        spec.args_model.model_validate({"item": "tea"})


def test_ungrouped_tools_on_other_platforms_are_alternatives(cache):
    registry = ToolRegistry()
    registry.register(spec_from_schema(_tool("a_buy", "ShopA", "Buy an item on ShopA", [("item", "string")])))
    registry.register(
        spec_from_schema(_tool("b_purchase", "ShopB", "Purchase a product on ShopB", [("product", "string")]))
    )
    registry.register(
        spec_from_schema(_tool("b_weather", "ShopB", "Weather forecast for a city", [("city", "string")]))
    )
    ranked = rank_tools("buy some green tea", registry.specs(), cache)
    assert {s.name for s in alternatives(registry, ranked, 0.1)} == {"a_buy", "b_purchase"}
    chosen = choose_platform(["ShopA", "ShopB"], "buy tea", {}, ("ShopB", "profile says so"), "ShopA")
    assert chosen.platform == "ShopB"
    named = choose_platform(["ShopA", "ShopB"], "buy tea on ShopA", {}, ("ShopB", "x"), "ShopB")
    assert named.platform == "ShopA"
    profile = {"shopping": "Has placed many orders on ShopB"}
    selection = select_tools("u1", "buy some green tea", registry, None, profile, cache=cache, min_score=0)
    assert selection.tool == "b_purchase" and "mentions ShopB" in selection.reason
