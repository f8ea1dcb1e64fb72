"""The agent graph end to end with litellm's ``mock_response`` as the generator (deterministic).
Real local-model runs are in test_agent_local_model.py."""

import sqlite3

import pytest

from usermind.agent.api import Agent
from usermind.errors import ConfigError, ModelError
from usermind.llm.client import LLMClient

T0 = 1_700_000_000.0


def test_reply_carries_memories_and_usage(mock_agent):
    agent = mock_agent(reply="Noted.")
    agent.chat("I keep bees on my roof in Lisbon.", now=T0)
    reply = agent.chat("Which insects do I keep on my roof?", now=T0 + 60)
    assert reply.text == "Noted."
    assert reply.llm.calls == 1 and reply.llm.completion_tokens > 0
    assert any("bees" in m.text for m in reply.memories)
    assert reply.personalized
    assert reply.turn_id != reply.reply_turn_id


def test_why_and_history_come_from_the_checkpoint(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="Sure.")
    with Agent(user="bob", home=tmp_path, llm=llm) as agent:
        agent.chat("My sister is called Ines.", now=T0)
        agent.chat("What is my sister called?", now=T0 + 10)
    with Agent(user="bob", home=tmp_path, llm=LLMClient("openai/gpt-4o-mini", mock_response="x")) as again:
        why = again.why()
        assert why["message"] == "What is my sister called?"
        assert any("Ines" in m["text"] for m in why["kept"])
        contents = [m["content"] for m in again.history()]
        assert contents[:2] == ["My sister is called Ines.", "Sure."]


def test_user_turn_is_durable_when_generation_fails(tmp_path):
    failing = LLMClient("openai/gpt-4o-mini", retries=0, mock_response=Exception("provider down"))
    with Agent(user="carol", home=tmp_path, llm=failing) as agent:
        with pytest.raises(ModelError, match="provider down"):
            agent.chat("Remember that my flight is on Friday.", now=T0)
    with Agent(user="carol", home=tmp_path, llm=LLMClient("openai/gpt-4o-mini", mock_response="ok")) as agent:
        texts = [m.text for m in agent.memories()]
        assert "Remember that my flight is on Friday." in texts
        agent.chat("hello", now=T0 + 5)  # the thread continues after the failed turn


def test_users_are_isolated(mock_agent):
    alice = mock_agent(user="alice")
    bob = mock_agent(user="bob")
    alice.chat("My secret project is called Falcon.", now=T0)
    reply = bob.chat("What is my secret project called?", now=T0 + 1)
    assert all("Falcon" not in m.text for m in reply.memories)
    assert all("Falcon" not in m.text for m in bob.memories())
    assert bob.why()["kept"] == [] or all("Falcon" not in m["text"] for m in bob.why()["kept"])


def test_forget_all_removes_every_trace(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok")
    with (
        Agent(user="dave", home=tmp_path, llm=llm) as agent,
        Agent(user="erin", home=tmp_path, llm=llm) as other,
    ):
        agent.chat("I live in Porto and love sardines.", now=T0)
        other.chat("I live in Oslo.", now=T0)
        assert agent.db.count_user_rows("dave") > 0
        deleted = agent.forget_all()
        assert deleted["checkpoint_threads"] == 1 and deleted["memory_rows"] >= 2
        assert agent.db.count_user_rows("dave") == 0
        assert agent.memories() == [] and agent.why() == {}
        assert other.db.count_user_rows("erin") > 0 and other.memories()
    conn = sqlite3.connect(tmp_path / "usermind.sqlite3")
    leftovers = conn.execute("SELECT COUNT(*) FROM checkpoints WHERE thread_id LIKE 'dave:%'").fetchone()[0]
    assert leftovers == 0


def test_forget_one_memory(mock_agent):
    agent = mock_agent()
    agent.chat("My bike is red.", now=T0)
    target = next(m for m in agent.memories() if m.text == "My bike is red.")
    assert agent.forget(target.id)
    assert all(m.id != target.id for m in agent.memories())
    assert not agent.forget(target.id)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_message_is_rejected(mock_agent, text):
    with pytest.raises(ConfigError, match="empty"):
        mock_agent().chat(text)


def test_invalid_user_and_model_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="invalid user id"):
        Agent(user="../root", home=tmp_path)
    with pytest.raises(ModelError, match="unknown model string"):
        Agent(user="ok", model="not-a-model-xyz", home=tmp_path)
    with pytest.raises(ConfigError, match="invalid settings"):
        Agent(user="ok", home=tmp_path, personalization=3)


async def _achat(agent, text):
    return await agent.achat(text, now=T0)


def test_async_variant(mock_agent):
    import asyncio

    reply = asyncio.run(_achat(mock_agent(reply="async ok"), "hi there"))
    assert reply.text == "async ok"


def test_own_replies_are_not_recalled_unless_enabled(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="Greyhounds are gentle sprinters.")
    with Agent(user="max", home=tmp_path, llm=llm) as agent:
        agent.chat("I adopted a greyhound called Pixel.", now=T0)
        reply = agent.chat("Tell me about my greyhound.", now=T0 + 1)
        assert reply.memories and all("sprinters" not in m.text for m in reply.memories)
    with Agent(user="max", home=tmp_path, llm=llm, recall_replies=True) as agent:
        agent.chat("Tell me about my greyhound again.", now=T0 + 2)
        recalled = [m["text"] for m in agent.graph.get_state(agent._config).values["memories"]]
        assert any("sprinters" in text for text in recalled)
