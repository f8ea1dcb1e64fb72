"""The turn graph: observe → recall → verify → generate → respond → remember."""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from usermind.agent import nodes
from usermind.agent.context import AgentContext
from usermind.agent.state import TurnState

PIPELINE = ("observe", "recall", "verify", "generate", "respond", "remember")


def build_graph(checkpointer: Any = None):
    """Compile the turn graph; pass a LangGraph checkpointer to resume conversations."""
    graph = StateGraph(TurnState, context_schema=AgentContext)
    for name in PIPELINE:
        graph.add_node(name, getattr(nodes, name))
    graph.add_edge(START, PIPELINE[0])
    for left, right in zip(PIPELINE, PIPELINE[1:], strict=False):
        graph.add_edge(left, right)
    graph.add_edge(PIPELINE[-1], END)
    return graph.compile(checkpointer=checkpointer)
