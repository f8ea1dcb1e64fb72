"""The MCP server driven by the `mcp` client library in-process (memory streams): tools remember,
recall, forget, profile act on the configured user only."""

import asyncio
import json

import pytest
from mcp.shared.memory import create_connected_server_and_client_session

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient
from usermind.serve.mcp_server import build_mcp
from usermind.serve.tenancy import internal_user


@pytest.fixture(scope="module")
def agents(tmp_path_factory):
    home = tmp_path_factory.mktemp("mcp-home")
    agent = Agent(
        user=internal_user("acme", "alice"),
        home=home,
        llm=LLMClient("openai/gpt-4o-mini", mock_response="ok"),
    )
    yield agent, agent.for_user(internal_user("globex", "alice"))
    agent.close()


async def _session_calls(agent, calls):
    results = []
    async with create_connected_server_and_client_session(build_mcp(agent)._mcp_server) as session:
        tools = await session.list_tools()
        results.append(sorted(t.name for t in tools.tools))
        for name, args in calls:
            result = await session.call_tool(name, args)
            payload = (
                result.structuredContent or json.loads(result.content[0].text) if not result.isError else None
            )
            results.append((result.isError, payload if payload is not None else result.content[0].text))
    return results


def test_tools_remember_recall_profile_forget(agents):
    acme, _ = agents
    names, remembered, recalled, profile, empty = asyncio.run(
        _session_calls(
            acme,
            [
                ("remember", {"text": "I am allergic to peanuts."}),
                ("recall", {"query": "What am I allergic to?"}),
                ("profile", {}),
                ("remember", {"text": "   "}),
            ],
        )
    )
    assert names == ["forget", "profile", "recall", "remember"]
    assert not remembered[0] and remembered[1]["turn_ids"]
    assert any("peanuts" in m["text"] for m in recalled[1]["memories"])
    assert any("peanuts" in f for f in profile[1]["facts"])
    assert empty[0] and "empty" in empty[1]
    turn_id = remembered[1]["turn_ids"][0]
    (_, forgot, after) = asyncio.run(
        _session_calls(acme, [("forget", {"memory_id": turn_id}), ("recall", {"query": "peanuts allergy"})])
    )
    assert forgot == (False, {"deleted": 1})
    assert not any("peanuts" in m["text"] for m in after[1]["memories"])


def test_tools_see_only_their_tenants_user(agents):
    acme, globex = agents
    asyncio.run(_session_calls(acme, [("remember", {"text": "My safe code is 9931."})]))
    (_, recalled, profile) = asyncio.run(
        _session_calls(globex, [("recall", {"query": "What is my safe code?"}), ("profile", {})])
    )
    assert "9931" not in json.dumps(recalled[1]) and "9931" not in json.dumps(profile[1])
