"""Plain-text rendering of a user's graph for the chat's ``/kg`` command."""

from __future__ import annotations

from collections import defaultdict

from usermind.graphs.models import Triple

_MARK = {"likes": "+", "dislikes": "-", "is": "=", "has": "*", "neutral": "·"}


def render_graph(triples: list[Triple], max_per_entity: int = 20) -> str:
    """Group triples by head entity; one line per triple with polarity mark, weight and validity.

    ``+`` likes, ``-`` dislikes, ``=`` is, ``*`` has, ``·`` neutral; invalidated triples are
    marked ``(no longer true)``.  Heads are sorted by name, triples by weight (highest first).
    """
    if not triples:
        return "(the knowledge graph is empty)"
    by_head: dict[str, list[Triple]] = defaultdict(list)
    for t in triples:
        by_head[t.head].append(t)
    lines: list[str] = []
    for head in sorted(by_head, key=str.lower):
        group = sorted(by_head[head], key=lambda t: (not t.current, -t.weight, t.relation, t.tail))
        lines.append(f"{head}")
        for t in group[:max_per_entity]:
            status = "" if t.current else "  (no longer true)"
            lines.append(f"  {_MARK.get(t.polarity, '·')} {t.relation} {t.tail}  [w={t.weight:.2f}]{status}")
        if len(group) > max_per_entity:
            lines.append(f"  … {len(group) - max_per_entity} more")
    current = sum(1 for t in triples if t.current)
    lines.append(f"{len(by_head)} entities with outgoing relations, {current} current triples")
    return "\n".join(lines)
