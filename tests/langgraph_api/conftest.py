import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

from usermind.agent.api import Agent
from usermind.llm.client import LLMClient


class ScriptedModel(GenericFakeChatModel):
    """A chat model that answers from a script and records what it was given (tool calls included)."""

    seen: list = []

    def bind_tools(self, tools, **kwargs):
        return self

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    a = Agent(
        user="host",
        home=tmp_path_factory.mktemp("lg-home"),
        llm=LLMClient("openai/gpt-4o-mini", mock_response="ok"),
    )
    yield a
    a.close()
