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
    extras: dict[str, Any] = field(default_factory=dict)
