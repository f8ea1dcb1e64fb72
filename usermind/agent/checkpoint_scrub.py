"""Forgetting one memory reaches the conversation checkpoints too.

A turn's text lives on in LangGraph checkpoints (the chat history, the last message, the memories and
``why`` of later turns).  After a single memory is forgotten, every thread of the user whose
checkpoints mention it (its id or its text) is rewritten: the thread is deleted, with all its past
checkpoints and pending writes, and its latest state is written back without the forgotten parts — a
user message that held the text goes with the assistant reply that answered it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

FORGOTTEN = "[forgotten]"
MIN_TEXT = 4  # shorter texts ("ok") would match unrelated content; their ids still match


def user_threads(conn: sqlite3.Connection, user: str) -> list[str]:
    """The checkpoint threads of ``user`` (thread ids are ``user:session``)."""
    prefix = f"{user}:"
    rows = conn.execute(
        "SELECT DISTINCT thread_id FROM checkpoints WHERE substr(thread_id, 1, ?) = ?",
        (len(prefix), prefix),
    ).fetchall()
    return [row[0] for row in rows]


class Needles:
    """What marks content as forgotten: memory ids (exact values) and texts (substrings, compared
    with whitespace folded and case ignored)."""

    def __init__(self, ids: Iterable[str], texts: Iterable[str]):
        self.ids = {i for i in ids if i}
        self.texts = [t for t in {" ".join(t.split()).casefold() for t in texts} if len(t) >= MIN_TEXT]

    def __bool__(self) -> bool:
        return bool(self.ids or self.texts)

    def in_text(self, value: str) -> bool:
        flat = " ".join(value.split()).casefold()
        return value in self.ids or any(text in flat for text in self.texts)

    def in_value(self, value: Any) -> bool:
        if isinstance(value, str):
            return self.in_text(value)
        if isinstance(value, dict):
            return any(self.in_value(v) for v in value.values())
        if isinstance(value, list | tuple):
            return any(self.in_value(v) for v in value)
        return False


def _scrub(value: Any, needles: Needles) -> Any:
    """``value`` with every list item that mentions a needle dropped and every other string that
    mentions one replaced by :data:`FORGOTTEN`."""
    if isinstance(value, str):
        return FORGOTTEN if needles.in_text(value) else value
    if isinstance(value, dict):
        return {k: _scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, needles) for v in value if not needles.in_value(v)]
    return value


def scrub_history(history: list[dict[str, Any]], needles: Needles) -> list[dict[str, Any]]:
    """Chat messages without those mentioning a needle; a dropped user message takes the assistant
    reply that follows it along."""
    kept: list[dict[str, Any]] = []
    drop_reply = False
    for message in history:
        if drop_reply and message.get("role") == "assistant":
            drop_reply = False
            continue
        drop_reply = False
        if needles.in_value(message):
            drop_reply = message.get("role") == "user"
            continue
        kept.append(message)
    return kept


def scrub_values(values: dict[str, Any], needles: Needles) -> dict[str, Any]:
    """A thread's state with the forgotten parts removed (pure)."""
    out = {key: _scrub(value, needles) for key, value in values.items() if key != "history"}
    if "history" in values:
        out["history"] = scrub_history(list(values["history"] or []), needles)
    return out


def _mentions(checkpointer: Any, config: dict[str, Any], needles: Needles) -> bool:
    for saved in checkpointer.list(config):
        if needles.in_value(saved.checkpoint.get("channel_values", {})):
            return True
        if any(needles.in_value(write[2]) for write in saved.pending_writes or []):
            return True
    return False


def scrub_threads(graph: Any, checkpointer: Any, threads: list[str], needles: Needles) -> int:
    """Rewrite each of ``threads`` that mentions ``needles``; returns how many were rewritten."""
    if not needles:
        return 0
    rewritten = 0
    for thread_id in threads:
        config = {"configurable": {"thread_id": thread_id}}
        if not _mentions(checkpointer, config, needles):
            continue
        values = json.loads(json.dumps(graph.get_state(config).values, default=str))
        checkpointer.delete_thread(thread_id)
        cleaned = scrub_values(values, needles)
        if cleaned:
            graph.update_state(config, cleaned, as_node="remember")
        rewritten += 1
    return rewritten


def needles_for(memory: Any, user: str, memory_id: str) -> Needles:
    """The id and text of a memory about to be forgotten, and of the facts that go with it (those
    whose every source is this memory) — read before the deletion."""
    ids, texts = [memory_id], []
    turn = memory.episodic.get(user, memory_id)
    if turn is not None:
        texts.append(turn.text)
    for fact in memory.semantic.list(user, include_invalid=True):
        if fact.id == memory_id or (fact.source_ids and set(fact.source_ids) <= {memory_id}):
            ids.append(fact.id)
            texts.append(fact.text)
    return Needles(ids, texts)
