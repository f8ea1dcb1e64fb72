"""The memory's own model (``Agent(memory_llm=...)``, setting ``memory.model``): it runs the LLM
re-check while the reply comes from the agent's model, and its calls count in the turn's usage.
Through the real Agent graph; both models are litellm ``mock_response`` clients."""

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient


def _mock(reply: str) -> LLMClient:
    return LLMClient("openai/gpt-4o-mini", mock_response=reply, retries=0)


def test_the_memory_model_chooses_what_reaches_the_reply_and_is_counted(tmp_path):
    recheck = _mock("[1]")
    reply_model = _mock("Try Ao 26.")
    with Agent(user="ann", home=tmp_path, llm=reply_model, memory_llm=recheck, llm_verify=True) as agent:
        agent.chat("I'm vegetarian and I live in Lisbon.")
        before = recheck.meter.snapshot().calls
        reply = agent.chat("Suggest a dinner place for tonight.")
        rechecks = recheck.meter.snapshot().calls - before
        why = agent.why()
    assert reply.text == "Try Ao 26."  # the reply model answered ...
    assert rechecks == 1  # ... and the memory model ran the re-check, once
    assert reply.llm.calls == 2  # both calls are this turn's usage
    assert why["personalized"] and len(why["kept"]) == 1  # "[1]": the first memory only
    assert "re-check" in why["reason"]
    assert all(d["reason"] == "the re-check did not find it directly useful" for d in why["dropped"])


def test_a_memory_model_that_finds_nothing_keeps_nothing(tmp_path):
    with Agent(
        user="ann", home=tmp_path, llm=_mock("ok"), memory_llm=_mock("NO RELEVANT CONTEXT"), llm_verify=True
    ) as agent:
        agent.chat("I'm vegetarian and I live in Lisbon.")
        agent.chat("Suggest a dinner place for tonight.")
        why = agent.why()
    assert not why["personalized"] and why["kept"] == [] and why["dropped"]


def test_the_memory_model_setting_builds_a_client_on_the_agents_meter(tmp_path):
    llm = _mock("ok")
    own = {"model": "openai/gpt-4o", "llm_verify": True}
    with Agent(user="ann", home=tmp_path, llm=llm, memory=own) as agent:
        memory_llm = agent.memory.llm
        assert memory_llm is not llm and memory_llm.model == "openai/gpt-4o"
        assert memory_llm.meter is agent.meter and "mock_response" not in memory_llm.litellm_kwargs
    with Agent(user="ann", home=tmp_path, llm=llm, llm_verify=True) as agent:
        assert agent.memory.llm is llm  # no memory.model: the agent's own
    with Agent(user="ann", home=tmp_path, llm=llm, memory={"model": "openai/gpt-4o"}) as agent:
        assert agent.memory.llm is None  # no LLM step is on: no model at all
