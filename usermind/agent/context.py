"""What the nodes need besides the state: stores, models and settings (LangGraph runtime context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from usermind.config import Settings
from usermind.llm.client import LLMClient
from usermind.memory import MemorySystem
from usermind.storage import Database


@dataclass
class AgentContext:
    db: Database
    memory: MemorySystem
    llm: LLMClient
    settings: Settings = field(default_factory=Settings)
    tools: Any = None  # usermind.tools.ToolRegistry when tools are configured
    tool_prefs: Any = None  # usermind.tools.ToolPreferenceStore
    persona: Any = None  # usermind.persona.PersonaService
    graph: Any = None  # usermind.graphs.GraphBackend (networkx by default)
    extras: dict[str, Any] = field(default_factory=dict)

    def graph_for(self, user_id: str):
        """The user's :class:`~usermind.graphs.graph.KnowledgeGraph` (logged, reversible edits)."""
        from usermind.graphs.graph import KnowledgeGraph

        return KnowledgeGraph(self.graph, user_id)
