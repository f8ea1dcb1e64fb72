"""GPG wired into the agent: with ``llm_persona`` the background refresh builds a guided profile from the
recent user messages, through the real agent graph with a scripted litellm ``mock_response`` client."""

from __future__ import annotations

from tests.settings.test_parts import CharEmbedder
from usermind.agent.api import Agent
from usermind.llm.client import LLMClient

PROFILE = '{"items": [{"attribute": "response_length", "value": "short", "polarity": 1, "confidence": 0.8}]}'


class ScriptedClient(LLMClient):
    """Answers by prompt: the GPG analysis, the GPG profile (JSON), else a short reply; records prompts."""

    def __init__(self) -> None:
        super().__init__("openai/gpt-4o-mini", mock_response="ok", retries=0)
        self.prompts: list[str] = []

    def complete(self, messages, **kwargs):  # type: ignore[override]
        text = messages[-1]["content"]
        self.prompts.append(text)
        if text.startswith("Analysis of a user:"):
            self.litellm_kwargs["mock_response"] = PROFILE
        elif text.startswith("User messages:"):
            self.litellm_kwargs["mock_response"] = "They eat no meat: 'I am vegetarian'."
        else:
            self.litellm_kwargs["mock_response"] = "Sure."
        return super().complete(messages, **kwargs)


def test_gpg_refresh_runs_every_n_messages(tmp_path):
    llm = ScriptedClient()
    agent = Agent(
        "gina", home=tmp_path, llm=llm, embedder=CharEmbedder(), llm_persona=True, persona_refresh_turns=2
    )
    with agent:
        agent.chat("I am vegetarian.")
        agent.flush()
        assert not any(p.startswith("User messages:") for p in llm.prompts)  # not due yet
        agent.chat("Any idea for dinner?")
        agent.flush()
        analysis = [p for p in llm.prompts if p.startswith("User messages:")]
        assert analysis == [
            "User messages:\n- I am vegetarian.\n- Any idea for dinner?\n\n" + analysis[0].split("\n\n", 1)[1]
        ]
        inferred = [a for a in agent.persona.get("gina").attributes if a.source == "inferred"]
        assert [(a.attribute, a.value) for a in inferred] == [("response_length", "short")]
        assert inferred[0].provenance == ["guided profile generation"]


def test_no_gpg_without_llm_persona(tmp_path):
    llm = ScriptedClient()
    with Agent("hal", home=tmp_path, llm=llm, embedder=CharEmbedder(), persona_refresh_turns=1) as agent:
        agent.chat("I am vegetarian.")
        agent.flush()
    assert not any(p.startswith(("User messages:", "Analysis of a user:")) for p in llm.prompts)
