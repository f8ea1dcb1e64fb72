"""After-the-reply consolidation: pending turns → facts → knowledge-graph triples and persona.

One function serves the ``remember`` node (LLM-free, inline) and the background worker (LLM
extraction); it is idempotent because the memory core only processes turns still pending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from usermind.graphs.from_facts import triple_from_fact
from usermind.memory.extraction.candidates import IN_PASSING


def _triple(fact: Any):
    return triple_from_fact(fact.subject, fact.predicate, fact.object, fact.source_ids, fact.confidence)


def mirror_into_graph(kg: Any, changes: list[Any]) -> None:
    for change in changes:
        if change.op == "noop" or change.fact.predicate == IN_PASSING:  # the user's words, no relation
            continue
        if change.previous is not None:  # the superseded fact's triple becomes history, not deleted
            old = _triple(change.previous)
            for t in kg.triples():
                if (t.head, t.relation, t.tail) == (old.head, old.relation, old.tail):
                    kg.invalidate(t.id, reason=f"fact {change.previous.id} superseded: {change.reason}")
        if change.previous is None or change.fact.id != change.previous.id:
            kg.add(_triple(change.fact), reason=f"fact {change.fact.id}: {change.fact.text}", source="memory")


def consolidate(memory: Any, graph_for: Callable[[str], Any] | None, persona: Any, user_id: str) -> list[Any]:
    """Run fact extraction for ``user_id`` and mirror the changes into the graph and the persona."""
    changes = memory.remember(user_id)
    if graph_for is not None and changes:
        mirror_into_graph(graph_for(user_id), changes)
    new_facts = [
        c.fact for c in changes if c.op != "noop" and (c.previous is None or c.fact.id != c.previous.id)
    ]
    new_facts = [f for f in new_facts if f.predicate != IN_PASSING]  # the user's words: no attribute
    if persona is not None and new_facts:
        persona.observe_facts(user_id, [(f.subject, f.predicate, f.object) for f in new_facts])
    return changes
