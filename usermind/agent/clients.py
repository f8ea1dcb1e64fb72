"""The model clients an agent builds from its settings: the one that replies and the one that runs the
memory's LLM steps (re-check, extraction, decomposition)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.llm.client import LLMClient

if TYPE_CHECKING:
    from usermind.config import Settings
    from usermind.protocols import ChatModel


def agent_model(settings: Settings) -> LLMClient:
    """The reply model: ``settings.model`` with the ``[llm]`` section's litellm options."""
    return LLMClient(
        settings.model,
        timeout=settings.llm_timeout_s,
        retries=settings.llm_retries,
        **settings.llm.litellm_kwargs(),
    )


def memory_model(settings: Settings, agent_llm: ChatModel) -> ChatModel:
    """The memory's model: ``memory.model`` when set to another model (the agent's timeout and retries;
    its calls counted on the agent's usage meter), else ``agent_llm`` itself.  The ``[llm]`` section's
    options (an ``api_base``, a test's ``mock_response``) belong to the reply model and are not passed."""
    name = settings.memory.model
    if name is None or name == agent_llm.model:
        return agent_llm
    return LLMClient(
        name, timeout=settings.llm_timeout_s, retries=settings.llm_retries, meter=agent_llm.meter
    )
