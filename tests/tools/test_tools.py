import datetime as dt

import pytest
from pydantic import BaseModel

from usermind.storage.db import Database
from usermind.tools import ToolCall, ToolPreferenceStore, ToolRegistry, ToolSpec, select_tools
from usermind.tools.extract import dates, numbers, phones, times
from usermind.tools.fill import fill_arguments
from usermind.tools.preferences import stated_platforms


def make_registry() -> ToolRegistry:
    reg = ToolRegistry()
    for shop in ("ShopA", "ShopB"):

        def search(query: str, address: str, quantity: int = 1, _shop=shop) -> str:
            return f"{_shop}:{query}:{address}:{quantity}"

        reg.tool(
            name=f"{shop.lower()}_order",
            description="order a product to be delivered to an address",
            platform=shop,
            group="shopping.order",
        )(search)

    @reg.tool(description="get the weather forecast for a city")
    def weather(city: str) -> str:
        return f"sunny in {city}"

    return reg


def test_registry_schema_validation_and_execution():
    reg = make_registry()
    schema = reg.get("shopa_order").openai_schema()
    assert schema["function"]["parameters"]["required"] == ["query", "address"]
    assert schema["function"]["parameters"]["properties"]["quantity"]["type"] == "integer"
    ok = reg.execute(
        ToolCall(name="shopb_order", arguments={"query": "tea", "address": "1 Main St", "quantity": "2"})
    )
    assert ok.ok and ok.output == "ShopB:tea:1 Main St:2" and ok.platform == "ShopB"
    bad = reg.execute(ToolCall(name="shopb_order", arguments={"query": "tea"}))
    assert not bad.ok and "address" in bad.error
    assert not reg.execute(ToolCall(name="nope")).ok
    assert {s.platform for s in reg.equivalents("shopa_order")} == {"ShopA", "ShopB"}


def test_registry_spec_without_function_and_langchain():
    class Args(BaseModel):
        x: int

    reg = ToolRegistry()
    reg.register(ToolSpec(name="double", description="double x", args_model=Args, func=lambda x: 2 * x))
    tool = reg.langchain_tool("double")
    assert tool.invoke({"x": 4}) == 8
    assert tool.name == "double"


def test_extractors():
    today = dt.date(2025, 3, 3)  # a Monday
    assert numbers("buy 3 apples for 2.5 dollars") == [3, 2.5]
    assert numbers("two tickets") == [2]
    assert dates("on March 5 and tomorrow", today) == ["2025-03-05", "2025-03-04"]
    assert dates("next friday", today) == ["2025-03-07"]
    assert times("at 7pm or 19:30") == ["19:00", "19:30"]
    assert phones("call +1 555-123-4567 now") == ["+1 555-123-4567"]


def test_fill_arguments_message_then_profile():
    props = {
        "item": {"type": "string"},
        "quantity": {"type": "integer"},
        "delivery_address": {"type": "string"},
        "phone": {"type": "string"},
    }
    profile = {
        "basic": {"home_address": "1 Elm St", "work_address": "9 Office Rd", "phone_number": "555-0101"}
    }
    filled = fill_arguments(
        props,
        ["item", "quantity", "delivery_address", "phone"],
        'order "green tea" x 3 to my office',
        profile,
    )
    assert filled.arguments == {
        "item": "green tea",
        "quantity": 3,
        "delivery_address": "9 Office Rd",
        "phone": "555-0101",
    }
    assert filled.from_profile == {"delivery_address": "basic.work_address", "phone": "basic.phone_number"}
    home = fill_arguments(props, ["delivery_address"], "order some tea", profile)
    assert home.arguments["delivery_address"] == "1 Elm St"


def test_stated_platforms_polarity():
    assert stated_platforms("I always shop on ShopB.", ["ShopA", "ShopB"]) == [("ShopB", 1)]
    assert stated_platforms("I never use ShopA", ["ShopA", "ShopB"]) == [("ShopA", -1)]
    assert stated_platforms("ShopB is a company", ["ShopB"]) == []


def test_select_tools_follows_stated_preference_and_profile(tmp_path):
    db = Database(tmp_path / "db.sqlite3")
    prefs = ToolPreferenceStore(db)
    reg = make_registry()
    profile = {"address": "1 Elm St"}
    msg = 'please order "oat milk" for me'
    before = select_tools("alice", msg, reg, prefs, profile)
    for _ in range(2):
        prefs.learn_from_message("alice", "I shop on ShopB these days", ["ShopA", "ShopB"])
    after = select_tools("alice", msg, reg, prefs, profile)
    assert after.platform == "ShopB" and after.tool == "shopb_order"
    assert "ShopB" in after.reason and "address" in after.reason
    assert after.arguments["address"] == "1 Elm St" and after.from_profile == {"address": "address"}
    # another user is unaffected
    other = select_tools("bob", msg, reg, prefs, profile)
    assert other.platform == before.platform
    # naming a platform in the message overrides the preference
    assert select_tools("alice", "order oat milk on ShopA", reg, prefs, profile).platform == "ShopA"
    assert select_tools("alice", "what's the weather in Paris", reg, prefs, profile).tool == "weather"
    prefs.correct("alice", wrong="ShopB", right="ShopA")
    prefs.correct("alice", wrong="ShopB", right="ShopA")
    assert select_tools("alice", msg, reg, prefs, profile).platform == "ShopA"
    assert db.forget_user("alice")["tool_preferences"] >= 4
    assert prefs.events("alice") == []


def test_preference_store_rejects_bad_user(tmp_path):
    from usermind.errors import ConfigError

    prefs = ToolPreferenceStore(Database(tmp_path / "db.sqlite3"))
    with pytest.raises(ConfigError):
        prefs.pick("../x", "ShopA")
