import pytest

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient


@pytest.fixture
def mock_agent(tmp_path):
    """An agent whose generator is litellm's deterministic ``mock_response`` (protocol tests)."""
    agents = []

    def make(user="alice", reply="ok", **kwargs):
        llm = LLMClient("openai/gpt-4o-mini", mock_response=reply, retries=0)
        agent = Agent(user=user, home=tmp_path / "home", llm=llm, **kwargs)
        agents.append(agent)
        return agent

    yield make
    for agent in agents:
        agent.close()
