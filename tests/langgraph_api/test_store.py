"""UsermindStore as a LangGraph BaseStore: put/get/search/delete, graph.compile(store=...), and
langmem's manage/search memory tools in a prebuilt ReAct agent (scripted model, real store)."""

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import create_react_agent
from langgraph.store.base import BaseStore, InvalidNamespaceError
from langmem import create_manage_memory_tool, create_search_memory_tool

from tests.langgraph_api.conftest import ScriptedModel
from usermind.langgraph import UsermindStore


def test_put_get_search_delete(agent):
    store = UsermindStore(agent)
    ns = ("sam", "memories")
    store.put(ns, "k1", {"content": "I am allergic to shellfish."})
    store.put(ns, "k2", {"content": "My favourite band is Radiohead."})
    assert store.get(ns, "k1").value == {"content": "I am allergic to shellfish."}
    hits = store.search(ns, query="What am I allergic to?", limit=3)
    assert hits and hits[0].key == "k1" and hits[0].score > 0
    assert store.search(ns, query="What is 17 times 3?") == []  # verification: nothing personal applies
    store.put(ns, "k1", {"content": "I am allergic to peanuts."})  # same key: replaced
    assert store.get(ns, "k1").value["content"] == "I am allergic to peanuts."
    assert not any("shellfish" in str(h.value) for h in store.search(ns, limit=50))
    store.delete(ns, "k1")
    assert store.get(ns, "k1") is None
    assert not any("peanuts" in str(h.value) for h in store.search(ns, limit=50))
    store.put(ns, "k3", {"topic": "music", "note": "likes vinyl"})
    assert store.get(ns, "k3").value == {"topic": "music", "note": "likes vinyl"}
    assert [i.key for i in store.search(ns, filter={"topic": "music"})] == ["k3"]
    assert ("sam", "memories") in store.list_namespaces()
    with pytest.raises(InvalidNamespaceError):
        store.put(("sam", "other"), "k", {"content": "x"})


def test_tenant_scoped_store_isolation(agent):
    acme, globex = UsermindStore(agent, tenant="acme"), UsermindStore(agent, tenant="globex")
    acme.put(("alice", "memories"), "s", {"content": "My PIN is 2468."})
    assert globex.get(("alice", "memories"), "s") is None
    assert not any(
        "2468" in str(h.value) for h in globex.search(("alice", "memories"), query="PIN", limit=10)
    )
    assert ("alice", "memories") in acme.list_namespaces()
    assert all(ns[0] != "acme@alice" for ns in globex.list_namespaces())


def test_compiled_graph_reaches_the_store(agent):
    def node(state: MessagesState, *, store: BaseStore):
        store.put(("gus", "memories"), "pet", {"content": "I have a parrot called Kiwi."})
        found = store.search(("gus", "memories"), query="What is my parrot called?", limit=2)
        return {"messages": [AIMessage(found[0].value["content"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    graph = builder.compile(store=UsermindStore(agent))
    out = graph.invoke({"messages": [HumanMessage("hi")]})
    assert out["messages"][-1].content == "I have a parrot called Kiwi."


def test_langmem_tools_write_and_search_usermind(agent):
    namespace = ("{user_id}", "memories")
    model = ScriptedModel(
        messages=iter(
            [
                AIMessage(
                    "",
                    tool_calls=[
                        {
                            "name": "manage_memory",
                            "args": {"content": "User rides a red bicycle."},
                            "id": "c1",
                        }
                    ],
                ),
                AIMessage(
                    "",
                    tool_calls=[
                        {"name": "search_memory", "args": {"query": "What bicycle do I ride?"}, "id": "c2"}
                    ],
                ),
                AIMessage("You ride a red bicycle."),
            ]
        )
    )
    react = create_react_agent(
        model,
        tools=[
            create_manage_memory_tool(namespace=namespace),
            create_search_memory_tool(namespace=namespace),
        ],
        store=UsermindStore(agent),
    )
    out = react.invoke(
        {"messages": [HumanMessage("Remember my bike.")]}, config={"configurable": {"user_id": "hal"}}
    )
    tool_outputs = [m.content for m in out["messages"] if m.type == "tool"]
    assert tool_outputs[0].startswith("created memory")
    assert "red bicycle" in tool_outputs[1]
    assert any("red bicycle" in m.text for m in agent.for_user("hal").memories("turn"))


def test_list_namespaces_pages_and_matches(agent):
    store = UsermindStore(agent, tenant="initech")
    for user in ("zoe", "yan", "xia"):
        store.put((user, "memories"), "k", {"content": f"I am {user} and I like chess."})
    assert store.list_namespaces() == [("xia", "memories"), ("yan", "memories"), ("zoe", "memories")]
    assert store.list_namespaces(limit=2, offset=1) == [("yan", "memories"), ("zoe", "memories")]
    assert store.list_namespaces(prefix=("yan",)) == [("yan", "memories")]
    assert store.list_namespaces(prefix=("*", "memories"), limit=1) == [("xia", "memories")]
    assert store.list_namespaces(suffix=("other",)) == []
    assert store.list_namespaces(max_depth=1, offset=2) == [("zoe",)]
