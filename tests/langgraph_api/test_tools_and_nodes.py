"""recall/remember tools and the memory pre-model hook in a prebuilt ReAct agent (scripted model),
the memory node in a MessagesState graph, and usermind's own nodes in a user-built StateGraph."""

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import create_react_agent

from tests.langgraph_api.conftest import ScriptedModel
from usermind.agent import nodes
from usermind.agent.context import AgentContext
from usermind.agent.state import TurnState
from usermind.langgraph import MEMORY_MESSAGE_ID, memory_hook, memory_node, recall_tool, remember_tool


def test_react_agent_with_tools_and_pre_model_hook(agent):
    model = ScriptedModel(
        messages=iter(
            [
                AIMessage(
                    "", tool_calls=[{"name": "remember", "args": {"text": "I live in Lisbon."}, "id": "a"}]
                ),
                AIMessage(
                    "",
                    tool_calls=[{"name": "recall_memory", "args": {"query": "Where do I live?"}, "id": "b"}],
                ),
                AIMessage("You live in Lisbon."),
                AIMessage("Lisbon has great food."),
            ]
        ),
        seen=[],
    )
    react = create_react_agent(
        model,
        tools=[remember_tool(agent), recall_tool(agent)],
        pre_model_hook=memory_hook(agent),
    )
    config = {"configurable": {"user_id": "ivy", "thread_id": "1"}}
    out = react.invoke({"messages": [HumanMessage("Note where I live.")]}, config=config)
    tools = [m.content for m in out["messages"] if m.type == "tool"]
    assert "Lisbon" in tools[0] and "Lisbon" in tools[1]
    assert not any(isinstance(m, SystemMessage) for m in out["messages"])  # the hook leaves the state alone
    react.invoke({"messages": [HumanMessage("Where do I live these days?")]}, config=config)
    first = model.seen[-1][0]
    assert isinstance(first, SystemMessage) and "Lisbon" in first.content


def test_memory_node_in_a_messages_state_graph(agent):
    agent.for_user("jo").memory.add_turn("jo", "s", "user", "My daughter is called Mia.")
    seen = []

    def model(state: MessagesState):
        seen.append(list(state["messages"]))
        return {"messages": [AIMessage("ok")]}

    builder = StateGraph(MessagesState)
    builder.add_node("memories", memory_node(agent, user="jo"))
    builder.add_node("model", model)
    builder.add_edge(START, "memories")
    builder.add_edge("memories", "model")
    graph = builder.compile()
    out = graph.invoke({"messages": [HumanMessage("What is my daughter called?")]})
    system = [m for m in out["messages"] if isinstance(m, SystemMessage)]
    assert len(system) == 1 and system[0].id == MEMORY_MESSAGE_ID and "Mia" in system[0].content
    out = graph.invoke({"messages": [*out["messages"], HumanMessage("What is 2 + 2?")]})
    system = [m for m in out["messages"] if isinstance(m, SystemMessage)]
    assert len(system) == 1 and "Mia" not in system[0].content  # replaced, and nothing applies now


def test_usermind_nodes_drop_into_your_own_state_graph(agent):
    """README: the nodes are plain functions of the state and a runtime context."""

    def decide(state: TurnState):
        kept = state["verification"]["kept"]
        return {"reply": "; ".join(m["text"] for m in kept) or "nothing"}

    builder = StateGraph(TurnState, context_schema=AgentContext)
    for name in ("observe", "recall", "verify"):
        builder.add_node(name, getattr(nodes, name))
    builder.add_node("decide", decide)
    builder.add_edge(START, "observe")
    builder.add_edge("observe", "recall")
    builder.add_edge("recall", "verify")
    builder.add_edge("verify", "decide")
    builder.add_edge("decide", END)
    graph = builder.compile()
    view = agent.for_user("kai")
    view.memory.add_turn("kai", "s", "user", "I work as a lighthouse keeper.")
    state = {"user_id": "kai", "session_id": "s", "message": "What is my job?"}
    out = graph.invoke(state, context=view.context)
    assert "lighthouse" in out["reply"]
    assert view.memory.get("kai", out["turn_id"]).text == "What is my job?"  # observe stored the turn
