"""The turn graph.

observe → recall → verify → personalize → select_tools ─┬─► act ─► generate ⇄ act
                                                         └─► generate ─► respond → remember
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from usermind.agent import nodes, tool_nodes
from usermind.agent.context import AgentContext
from usermind.agent.generate import agenerate
from usermind.agent.state import TurnState

PIPELINE = ("observe", "recall", "verify", "personalize", "select_tools")


def build_graph(checkpointer: Any = None, *, asynchronous: bool = False):
    """Compile the turn graph; pass a LangGraph checkpointer to resume conversations.
    ``asynchronous``: for ``ainvoke`` with an async checkpointer; the model call awaits
    ``litellm.acompletion`` and LangGraph runs the other (sync) nodes in the loop's executor."""
    graph = StateGraph(TurnState, context_schema=AgentContext)
    for name in (*PIPELINE, "respond", "remember"):
        graph.add_node(name, getattr(nodes, name, None) or getattr(tool_nodes, name))
    graph.add_node("generate", agenerate if asynchronous else nodes.generate)
    graph.add_node("act", tool_nodes.act)
    graph.add_edge(START, PIPELINE[0])
    for left, right in zip(PIPELINE, PIPELINE[1:], strict=False):
        graph.add_edge(left, right)
    graph.add_conditional_edges("select_tools", tool_nodes.after_select, ["act", "generate"])
    graph.add_edge("act", "generate")
    graph.add_conditional_edges("generate", tool_nodes.after_generate, ["act", "respond"])
    graph.add_edge("respond", "remember")
    graph.add_edge("remember", END)
    return graph.compile(checkpointer=checkpointer)
