"""The recommender tool's name and description are the caller's (a catalogue need not be recipes)."""

from __future__ import annotations

from tests.graphs.test_recommend_tool import catalogue, graphs  # noqa: F401 - the fixture
from usermind.graphs.pie.tool import TOOL_NAME, recommendation_tools
from usermind.tools import ToolCall, ToolRegistry
from usermind.tools.context import acting_for


def test_custom_name_and_description(graphs):  # noqa: F811 - the fixture
    registry = ToolRegistry()
    spec = recommendation_tools(
        registry, graphs, catalogue(), name="suggest_films", description="Suggest films I would enjoy tonight"
    )
    assert spec.name == "suggest_films" and spec.description == "Suggest films I would enjoy tonight"
    assert registry.get("suggest_films") is spec
    assert TOOL_NAME not in [s.name for s in registry.specs()]
    with acting_for("ana"):
        result = registry.execute(ToolCall(name="suggest_films", arguments={"k": 2}))
    assert result.ok and len(result.output.items) == 2
