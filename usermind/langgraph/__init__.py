"""usermind inside your own LangGraph graphs: a ``BaseStore`` over recall + verification, tools for
prebuilt ReAct agents, and a pre-model hook / node that injects verified memories."""

from usermind.langgraph.hooks import MEMORY_MESSAGE_ID, memory_hook, memory_node
from usermind.langgraph.store import UsermindStore
from usermind.langgraph.tools import recall_tool, remember_tool

__all__ = ["MEMORY_MESSAGE_ID", "UsermindStore", "memory_hook", "memory_node", "recall_tool", "remember_tool"]
