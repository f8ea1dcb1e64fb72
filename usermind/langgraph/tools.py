"""Tool factories for prebuilt ReAct agents: ``recall_tool`` and ``remember_tool``.

The user is fixed at creation (``user=``) or read per call from the run's config
(``config={"configurable": {"user_id": ...}}``), the convention langmem's tools use too.
"""

# No ``from __future__ import annotations``: langchain reads the RunnableConfig parameter's real type
# to inject the run's config instead of exposing it to the model.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, tool

from usermind.agent.api import Agent
from usermind.errors import ConfigError
from usermind.serve import memories as ops
from usermind.serve.models import MessageIn
from usermind.serve.tenancy import internal_user


def user_view(agent: Agent, user: str | None, tenant: str | None, config: RunnableConfig | None) -> Agent:
    """``agent`` for ``user``, or for the config's ``configurable.user_id``."""
    chosen = user or ((config or {}).get("configurable") or {}).get("user_id")
    if not chosen:
        raise ConfigError("no user: pass user=... or run with config={'configurable': {'user_id': ...}}")
    return agent.for_user(internal_user(tenant, chosen))


def verified_memories(view: Agent, query: str, k: int) -> list[str]:
    """Texts of the memories verification keeps for ``query`` (empty when none bear on it)."""
    found = ops.search(view, query, k)
    return [h.memory.text for h in found.results if h.kept] if found.personalize else []


def recall_tool(agent: Agent, *, user: str | None = None, tenant: str | None = None, k: int = 5) -> BaseTool:
    @tool("recall_memory")
    def recall_memory(query: str, config: RunnableConfig) -> str:
        """Look up what you know about the user that helps with `query` (verified memories)."""
        texts = verified_memories(user_view(agent, user, tenant, config), query, k)
        return "\n".join(f"- {t}" for t in texts) if texts else "No relevant memories."

    return recall_memory


def remember_tool(agent: Agent, *, user: str | None = None, tenant: str | None = None) -> BaseTool:
    @tool("remember")
    def remember(text: str, config: RunnableConfig) -> str:
        """Store something the user told you about themselves, to remember in later conversations."""
        added = ops.add_messages(user_view(agent, user, tenant, config), [MessageIn(content=text)], "tool")
        facts = "; ".join(f.text for f in added.facts)
        return f"Remembered ({facts})." if facts else "Remembered."

    return remember
