"""What the nodes need besides the state: stores, models and settings (LangGraph runtime context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from usermind.config import Settings
from usermind.memory import MemorySystem
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.graphs.graph import KnowledgeGraph
    from usermind.persona import PersonaService
    from usermind.protocols import ChatModel, GraphBackend
    from usermind.tools import ToolPreferenceStore, ToolRegistry


@dataclass
class AgentContext:
    db: Storage
    memory: MemorySystem
    llm: ChatModel
    settings: Settings = field(default_factory=Settings)
    tools: ToolRegistry | None = None  # when tools are configured
    tool_prefs: ToolPreferenceStore | None = None
    persona: PersonaService | None = None
    graph: GraphBackend | None = None  # networkx by default
    extras: dict[str, Any] = field(default_factory=dict)
    stream_tokens: bool = False  # the async generate node streams the reply (Agent.astream(tokens=True))

    def graph_for(self, user_id: str) -> KnowledgeGraph:
        """The user's :class:`~usermind.graphs.graph.KnowledgeGraph` (logged, reversible edits)."""
        from usermind.graphs.graph import KnowledgeGraph

        if self.graph is None:
            from usermind.errors import ConfigError

            raise ConfigError("this agent context has no graph backend")
        return KnowledgeGraph(self.graph, user_id)
