"""Memory operations of one user view (sync; the routes run them in the service's executor)."""

from __future__ import annotations

from typing import Literal

from usermind.agent.api import Agent
from usermind.agent.learning import consolidate, mirror_into_graph
from usermind.errors import ConfigError
from usermind.memory.correct import correct_fact
from usermind.memory.models import FactChange, Memory, TurnIn
from usermind.memory.recall_filter import RecallFilter
from usermind.serve.models import AddMemoriesOut, FactChangeOut, MemoryPage, MessageIn, SearchHit, SearchOut


def _change(c: FactChange) -> FactChangeOut:
    return FactChangeOut(
        op=c.op, id=c.fact.id, text=c.fact.text, previous_id=c.previous.id if c.previous else None
    )


def add_messages(
    agent: Agent, messages: list[MessageIn], session: str, *, source_id: str | None = None
) -> AddMemoriesOut:
    """Store the messages as turns (durable first), then extract and reconcile facts from them."""
    items = [
        TurnIn(session_id=session, role=m.role, text=m.content, ts=m.timestamp, source_id=source_id)
        for m in messages
    ]
    turns = agent.memory.add_turns(agent.user, items)
    changes: list[FactChange] = []
    if agent.settings.llm_extraction:
        agent._worker.submit(agent._consolidate)  # the model extracts after the response
    else:
        graph = agent.context.graph_for if agent.graph_backend is not None else None
        changes = consolidate(agent.memory, graph, agent.persona, agent.user)
    return AddMemoriesOut(
        turn_ids=[t.id for t in turns], facts=[_change(c) for c in changes if c.op != "noop"]
    )


def search(
    agent: Agent,
    query: str,
    k: int,
    kind: Literal["turn", "fact"] | None = None,
    since: float | None = None,
    until: float | None = None,
) -> SearchOut:
    """Hybrid recall, filtered, then verification: each hit says whether it is kept and why."""
    where = RecallFilter(kind=kind, since=since, until=until)  # applied before the k slots are filled
    found = agent.memory.recall(agent.user, query, k=k, where=where)
    check = agent.memory.verify(agent.user, query, found)
    kept = {m.id for m in check.kept}
    dropped = {d.memory.id: d.reason for d in check.dropped}
    hits = [
        SearchHit(memory=m, kept=m.id in kept, reason=check.reason if m.id in kept else dropped.get(m.id, ""))
        for m in found
    ]
    return SearchOut(query=query, personalize=check.personalize, reason=check.reason, results=hits)


def page(agent: Agent, kind: str | None, offset: int, limit: int, include_invalid: bool) -> MemoryPage:
    items = agent.memory.list_memories(agent.user, kind=kind, include_invalid=include_invalid)
    return MemoryPage(total=len(items), offset=offset, items=items[offset : offset + limit])


def history(agent: Agent, memory_id: str) -> list[Memory] | None:
    """Every version of a fact (oldest first); a turn's history is the turn itself."""
    fact = agent.memory.semantic.get(agent.user, memory_id)
    if fact is not None:
        return agent.memory.fact_history(agent.user, fact.subject, fact.predicate)
    found = agent.memory.get(agent.user, memory_id)
    return [found] if found is not None else None


def correct(agent: Agent, memory_id: str, text: str, obj: str | None) -> Memory | None:
    """A new version of a fact (the old one invalidated); turns are a record and are not edited."""
    found = agent.memory.get(agent.user, memory_id)
    if found is None:
        return None
    if found.kind != "fact":
        raise ConfigError(
            "only facts can be corrected; a turn is a record of what was said (delete it instead)"
        )
    change = correct_fact(agent.memory, agent.user, memory_id, text, obj)
    if agent.graph_backend is not None:
        mirror_into_graph(agent.knowledge_graph(), [change])
    return agent.memory.get(agent.user, change.fact.id)
