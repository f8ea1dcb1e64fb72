"""``Agent.achat`` / ``astream``: the graph runs with ``ainvoke``-style streaming on the async SQLite
checkpointer and the model is called through ``litellm.acompletion`` (litellm ``mock_response``)."""

import asyncio

import pytest

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient
from usermind.llm.litellm_setup import litellm

T0 = 1_700_000_000.0


@pytest.fixture
def agent(tmp_path):
    a = Agent(
        user="amy",
        home=tmp_path,
        llm=LLMClient("openai/gpt-4o-mini", mock_response="Async reply.", retries=0),
    )
    yield a
    a.close()


def test_achat_calls_the_model_through_acompletion(agent, monkeypatch):
    def sync_path(*args, **kwargs):
        raise AssertionError("the sync litellm.completion was called")

    monkeypatch.setattr(litellm, "completion", sync_path)
    reply = asyncio.run(agent.achat("Tell me about the weather on Mars.", now=T0))
    assert reply.text == "Async reply." and reply.llm.calls == 1
    with pytest.raises(Exception, match="model"):
        agent.chat("And on Venus?")  # the sync path really is the patched one


def test_concurrent_users_keep_their_own_turns_and_usage(agent):
    views = [agent.for_user(f"user{i}") for i in range(6)]

    async def run():
        return await asyncio.gather(
            *(v.achat(f"My lucky number is {i}.", now=T0) for i, v in enumerate(views))
        )

    replies = asyncio.run(run())
    assert [r.llm.calls for r in replies] == [1] * 6  # each turn's own usage, not the shared meter's
    for i, view in enumerate(views):
        texts = [m.text for m in view.memories("turn")]
        assert f"My lucky number is {i}." in texts
        assert not any(f"number is {j}." in t for j in range(6) if j != i for t in texts)
        assert [h["content"] for h in view.history()][0] == f"My lucky number is {i}."


def test_astream_then_sync_chat_continue_one_conversation(agent):
    async def run():
        return [kind async for kind, _ in agent.astream("I keep bees in Lisbon.", now=T0)]

    kinds = asyncio.run(run())
    assert kinds[-1] == "reply" and kinds.count("update") >= 7
    agent.chat("Which insects do I keep?", now=T0 + 60)
    assert [m["content"] for m in agent.history()][::2] == [
        "I keep bees in Lisbon.",
        "Which insects do I keep?",
    ]


def test_achat_across_event_loops(agent):
    first = asyncio.run(agent.achat("I have two cats.", now=T0))
    second = asyncio.run(agent.achat("How many cats do I have?", now=T0 + 5))
    assert first.text == second.text == "Async reply."
    assert len(agent.history()) == 4


def _tokens(agent, text):
    async def run():
        return [data async for kind, data in agent.astream(text, now=T0, tokens=True) if kind != "update"]

    *tokens, reply = asyncio.run(run())
    return tokens, reply


def test_astream_tokens_are_deltas_and_without_tokens_none_come(agent):
    tokens, reply = _tokens(agent, "Tell me about the weather on Mars.")
    assert len(tokens) > 1 and "".join(t["token"] for t in tokens) == "Async reply." == reply.text
    kinds = asyncio.run(_kinds(agent))
    assert "token" not in kinds and kinds[-1] == "reply"


async def _kinds(agent):
    return [kind async for kind, _ in agent.astream("And on Venus?", now=T0)]


def test_a_model_offered_tools_sends_its_text_as_one_token(tmp_path):
    from tests.tools.test_tools import make_registry

    llm = LLMClient("openai/gpt-4o-mini", mock_response="No tool needed.", retries=0)
    with Agent(user="tom", home=tmp_path, llm=llm, tools=make_registry()) as agent:
        tokens, reply = _tokens(agent, "How are you today?")
    assert tokens == [{"token": "No tool needed.", "attempt": 0}] and reply.text == "No tool needed."
