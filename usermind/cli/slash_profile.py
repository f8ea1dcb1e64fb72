"""Slash commands for what the agent believes about the user: ``/persona`` and ``/kg``."""

from __future__ import annotations

from typing import Any

from usermind.cli.slash_registry import slash_command

PERSONA_USAGE = "usage: /persona | /persona set ATTRIBUTE VALUE | /persona forget ATTRIBUTE [VALUE]"


@slash_command("/persona", "your profile; /persona set ATTR VALUE, /persona forget ATTR [VALUE] edit it")
def persona_command(agent: Any, argument: str) -> str:
    verb, _, rest = argument.partition(" ")
    if not verb:
        attributes = agent.persona.get(agent.user).attributes
        if not attributes:
            return "no profile yet"
        return "\n".join(
            f"  {a.sentence()}  (confidence {a.confidence:.2f}, {a.source}"
            + (f", from {', '.join(a.provenance[:3])}" if a.provenance else "")
            + ")"
            for a in attributes
        )
    attribute, _, value = rest.strip().partition(" ")
    if verb == "set" and attribute and value.strip():
        stored = agent.persona.set(agent.user, attribute, value.strip())
        return f"set {stored.sentence()}" if stored else f"not stored: {attribute} is a sensitive attribute"
    if verb == "forget" and attribute:
        removed = agent.persona.forget(agent.user, attribute, value.strip() or None)
        return f"forgot {removed} entr{'y' if removed == 1 else 'ies'} of {attribute}"
    return PERSONA_USAGE


@slash_command("/kg", "your knowledge graph (current triples)")
def kg_command(agent: Any, argument: str) -> str:
    from usermind.graphs.render import render_graph

    triples = agent.knowledge_graph().triples()
    return render_graph(triples) if triples else "the knowledge graph is empty"


@slash_command("/feedback", "/feedback ANSWER: the right answer to your last message tunes your graph (KGT)")
def feedback_command(agent: Any, argument: str) -> str:
    if not argument:
        return "usage: /feedback ANSWER   (the correct answer to your last message)"
    result = agent.feedback(argument)
    changes = [f"+ {t.head} {t.relation} {t.tail}" for t in result.added]
    changes += [f"- {t.head} {t.relation} {t.tail}" for t in result.removed]
    summary = "\n".join(f"  {c}" for c in changes) or "  (no change needed)"
    return (
        f"tuned your graph for: {result.query}\n{summary}\n"
        f"loss {result.loss_before:.2f} -> {result.loss_after:.2f} in {result.seconds:.2f}s "
        f"(edit group {result.group_id})"
    )


@slash_command("/like", "/like ITEM: you liked a recommended item (steers future recommendations)")
def like_command(agent: Any, argument: str) -> str:
    return _react(agent, argument, liked=True)


@slash_command("/dislike", "/dislike ITEM: you disliked a recommended item")
def dislike_command(agent: Any, argument: str) -> str:
    return _react(agent, argument, liked=False)


def _react(agent: Any, item: str, liked: bool) -> str:
    if not item:
        return f"usage: /{'like' if liked else 'dislike'} ITEM"
    edit = agent.react(item, liked)
    return f"noted: you {'like' if liked else 'dislike'} {item} ({edit.triple_id})"
