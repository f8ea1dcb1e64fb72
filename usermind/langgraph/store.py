"""``UsermindStore``: LangGraph's ``BaseStore`` backed by usermind memory.

Namespaces are ``(user, "memories")``.  ``put`` stores the value as a durable user turn (its key
kept as the turn's source id) and extracts facts from it; a second ``put`` of a key replaces it;
``put(..., None)`` and ``delete`` forget it (with the facts derived only from it).  ``search`` with a
query is hybrid recall followed by verification: only the memories verification keeps are returned,
with their fused score.  Values are ``{"content": text}`` (what langmem's tools write) or any JSON
object, stored as its JSON text.  Sync stores run in a worker thread for the async methods.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from langgraph.store.base import (
    BaseStore,
    GetOp,
    InvalidNamespaceError,
    Item,
    ListNamespacesOp,
    MatchCondition,
    Op,
    PutOp,
    Result,
    SearchItem,
    SearchOp,
)

from usermind.agent.api import Agent
from usermind.memory.models import Memory, Turn
from usermind.serve import memories as ops
from usermind.serve.models import MessageIn
from usermind.serve.tenancy import SEPARATOR, internal_user

LEAF = "memories"
SESSION = "store"


def _text(value: dict[str, Any]) -> str:
    content = value.get("content")
    if set(value) == {"content"} and isinstance(content, str):
        return content
    return json.dumps(value, sort_keys=True, default=str)


def _value(text: str, kind: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    value = parsed if isinstance(parsed, dict) else {"content": text}
    return value if kind == "turn" else {**value, "kind": kind}


def _when(ts: float | None) -> datetime:
    return datetime.fromtimestamp(ts or 0.0, tz=UTC)


def _matches(namespace: tuple[str, ...], condition: MatchCondition) -> bool:
    path = tuple(condition.path)
    if not path:
        return True
    part = namespace[: len(path)] if condition.match_type == "prefix" else namespace[-len(path) :]
    return len(path) <= len(namespace) and all(p in ("*", n) for p, n in zip(path, part, strict=True))


class UsermindStore(BaseStore):
    """``graph.compile(store=UsermindStore(agent))``; ``tenant`` scopes every namespace's user."""

    def __init__(self, agent: Agent, *, tenant: str | None = None):
        self.agent = agent
        self.tenant = tenant

    # ----- namespaces and lookups ---------------------------------------------------------------------
    def _view(self, namespace: tuple[str, ...]) -> Agent:
        if len(namespace) == 1:
            namespace = (*namespace, LEAF)
        if len(namespace) != 2 or namespace[1] != LEAF:
            raise InvalidNamespaceError(f"usermind namespaces are (user, {LEAF!r}), not {namespace!r}")
        return self.agent.for_user(internal_user(self.tenant, namespace[0]))

    @staticmethod
    def _turn(view: Agent, key: str) -> Turn | None:
        return next((t for t in view.memory.episodic.list(view.user) if (t.source_id or t.id) == key), None)

    @staticmethod
    def _item(namespace: tuple[str, ...], memory: Memory, score: float | None = None, key: str | None = None):
        value = _value(memory.text, memory.kind)
        when = _when(memory.ts)
        if score is None:
            return Item(
                value=value, key=key or memory.id, namespace=namespace, created_at=when, updated_at=when
            )
        return SearchItem(namespace, key or memory.id, value, when, when, score=score)

    # ----- operations ---------------------------------------------------------------------------------
    def _get(self, op: GetOp) -> Item | None:
        view = self._view(op.namespace)
        turn = self._turn(view, op.key)
        if turn is not None:
            memory = view.memory.get(view.user, turn.id)
            return self._item(op.namespace, memory, key=op.key) if memory else None
        found = view.memory.get(view.user, op.key)
        return self._item(op.namespace, found) if found is not None else None

    def _put(self, op: PutOp) -> None:
        view = self._view(op.namespace)
        old = self._turn(view, op.key)
        if old is not None:
            view.forget(old.id)
        elif op.value is None:
            view.forget(op.key)  # a fact or turn addressed by its own id
        if op.value is None:
            return
        text = _text(dict(op.value))
        ops.add_messages(view, [MessageIn(content=text)], SESSION, source_id=op.key)

    def _search(self, op: SearchOp) -> list[SearchItem]:
        namespace = (*op.namespace_prefix, LEAF)[:2]
        view = self._view(namespace)
        if op.query:
            found = ops.search(view, op.query, op.limit + op.offset)
            hits = [(h.memory, h.memory.score) for h in found.results if h.kept]
        else:
            listed = sorted(view.memories(), key=lambda m: m.ts or 0.0, reverse=True)
            hits = [(m, 1.0) for m in listed]
        keys = {t.id: t.source_id for t in view.memory.episodic.list(view.user) if t.source_id}
        items = [self._item(namespace, m, score, key=keys.get(m.id)) for m, score in hits]
        if op.filter:
            items = [i for i in items if all(i.value.get(k) == v for k, v in op.filter.items())]
        return items[op.offset : op.offset + op.limit]

    def _namespaces(self, op: ListNamespacesOp) -> list[tuple[str, ...]]:
        """``(user, "memories")`` of every user with memories (of this store's tenant), paged by the
        database; ``match_conditions`` (``*`` matches any one part) and ``max_depth`` filter them."""
        prefix = f"{self.tenant}{SEPARATOR}" if self.tenant is not None else ""
        memory = self.agent.memory
        if not op.match_conditions and op.max_depth is None:
            users = memory.users(prefix, offset=op.offset, limit=op.limit)
            return [(u[len(prefix) :], LEAF) for u in users]
        spaces: list[tuple[str, ...]] = [(u[len(prefix) :], LEAF) for u in memory.users(prefix)]
        spaces = [ns for ns in spaces if all(_matches(ns, c) for c in op.match_conditions or ())]
        if op.max_depth is not None:
            spaces = list(dict.fromkeys(ns[: op.max_depth] for ns in spaces))
        return spaces[op.offset : op.offset + op.limit]

    def batch(self, ops_: Iterable[Op]) -> list[Result]:
        results: list[Result] = []
        for op in ops_:
            if isinstance(op, GetOp):
                results.append(self._get(op))
            elif isinstance(op, SearchOp):
                results.append(self._search(op))
            elif isinstance(op, PutOp):
                self._put(op)
                results.append(None)
            elif isinstance(op, ListNamespacesOp):
                results.append(self._namespaces(op))
            else:
                raise ValueError(f"unknown store operation {type(op).__name__}")
        return results

    async def abatch(self, ops_: Iterable[Op]) -> list[Result]:
        return await asyncio.to_thread(self.batch, list(ops_))
