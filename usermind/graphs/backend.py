"""The one interface every knowledge-graph backend implements.

Drivers (``usermind.graphs.driver``) implement a handful of storage primitives (the ``_``
methods); the semantics every caller relies on — upsert merging, invalidation, reweighting,
neighbourhood expansion, ordering, user-id validation — live here once, so both backends give
the same results by construction and the shared contract suite checks the primitives.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod

from usermind.config import validate_user_id
from usermind.errors import ConfigError
from usermind.graphs.models import Entity, GraphCounts, GraphEdit, Triple, TripleChange, entity_key
from usermind.storage.db import now_ts

MAX_HOPS = 3


def triple_order(triple: Triple) -> tuple[float, str]:
    """The canonical listing order: oldest first, ties by id."""
    return triple.created_at, triple.id


class GraphBackend(ABC):
    """One knowledge graph per user, behind a backend-neutral API; every call names the user."""

    name: str = "abstract"

    def __init__(self) -> None:
        self._write_lock = threading.RLock()

    # ----------------------------------------------------------------- primitives (drivers)
    @abstractmethod
    def _put(self, user_id: str, triple: Triple) -> None:
        """Write ``triple`` exactly as given (insert or replace by id), creating its entities."""

    @abstractmethod
    def _get(self, user_id: str, triple_id: str) -> Triple | None: ...

    @abstractmethod
    def _find_current(self, user_id: str, identity: tuple[str, str, str]) -> Triple | None:
        """The current triple whose (head, relation, tail) keys equal ``identity``."""

    @abstractmethod
    def _list(self, user_id: str, include_history: bool) -> list[Triple]: ...

    @abstractmethod
    def _delete(self, user_id: str, triple_id: str) -> bool:
        """Delete a triple and any entity left without triples; False if it did not exist."""

    @abstractmethod
    def _incident(self, user_id: str, keys: list[str]) -> list[Triple]:
        """Current triples whose head or tail key is in ``keys``."""

    @abstractmethod
    def _search(self, user_id: str, text_key: str, limit: int) -> list[Entity]:
        """Entities whose key contains ``text_key``, ordered by key."""

    @abstractmethod
    def _append_edit(self, user_id: str, edit: GraphEdit) -> None: ...

    @abstractmethod
    def _replace_edit(self, user_id: str, edit: GraphEdit) -> None: ...

    @abstractmethod
    def _list_edits(self, user_id: str) -> list[GraphEdit]:
        """Every edit of the user, oldest first (ties by id)."""

    @abstractmethod
    def _delete_user(self, user_id: str) -> int:
        """Remove every entity, triple and edit of the user; returns how many items went."""

    @abstractmethod
    def _counts(self, user_id: str) -> GraphCounts: ...

    def close(self) -> None:  # noqa: B027 - optional hook, not abstract
        """Release connections; the default has nothing to release."""

    # ----------------------------------------------------------------------------- triples
    def upsert_triple(self, user_id: str, triple: Triple) -> TripleChange:
        """Insert ``triple``, or merge it into the current triple with the same identity.

        A merge keeps the existing id and validity, takes the new polarity and weight, unions the
        provenance, and takes entity types that are more specific than ``entity``.
        """
        validate_user_id(user_id)
        with self._write_lock:
            existing = self._find_current(user_id, triple.identity)
            if existing is None:
                stored = triple.model_copy(update={"valid_to": None, "invalidated_by": None})
                self._put(user_id, stored)
                return TripleChange(before=None, after=stored)
            merged = existing.model_copy(
                update={
                    "polarity": triple.polarity,
                    "weight": triple.weight,
                    "provenance": existing.provenance.merged(triple.provenance),
                    "head_type": triple.head_type if triple.head_type != "entity" else existing.head_type,
                    "tail_type": triple.tail_type if triple.tail_type != "entity" else existing.tail_type,
                }
            )
            self._put(user_id, merged)
            return TripleChange(before=existing, after=merged)

    def put_triple(self, user_id: str, triple: Triple) -> TripleChange:
        """Write a triple's full state by id (used to restore a removed or edited triple)."""
        validate_user_id(user_id)
        with self._write_lock:
            before = self._get(user_id, triple.id)
            self._put(user_id, triple)
            return TripleChange(before=before, after=triple)

    def get_triple(self, user_id: str, triple_id: str) -> Triple | None:
        return self._get(validate_user_id(user_id), triple_id)

    def list_triples(self, user_id: str, include_history: bool = False) -> list[Triple]:
        """Current triples (or every triple, invalidated ones included), oldest first."""
        return sorted(self._list(validate_user_id(user_id), include_history), key=triple_order)

    def _require(self, user_id: str, triple_id: str) -> Triple:
        triple = self._get(user_id, triple_id)
        if triple is None:
            raise ConfigError(f"user {user_id!r} has no triple {triple_id!r}")
        return triple

    def invalidate(
        self, user_id: str, triple_id: str, invalidated_by: str | None = None, at: float | None = None
    ) -> TripleChange:
        """Close a triple's validity (it stays in the history); a no-op on an invalidated triple."""
        validate_user_id(user_id)
        with self._write_lock:
            before = self._require(user_id, triple_id)
            if not before.current:
                return TripleChange(before=before, after=before)
            after = before.model_copy(
                update={"valid_to": now_ts() if at is None else at, "invalidated_by": invalidated_by}
            )
            self._put(user_id, after)
            return TripleChange(before=before, after=after)

    def set_weight(self, user_id: str, triple_id: str, weight: float) -> TripleChange:
        validate_user_id(user_id)
        with self._write_lock:
            before = self._require(user_id, triple_id)
            after = before.model_copy(update={"weight": float(weight)})
            self._put(user_id, after)
            return TripleChange(before=before, after=after)

    def remove(self, user_id: str, triple_id: str) -> TripleChange:
        """Delete a triple from the graph and its history (``after`` is None)."""
        validate_user_id(user_id)
        with self._write_lock:
            before = self._require(user_id, triple_id)
            self._delete(user_id, triple_id)
            return TripleChange(before=before, after=None)

    # ------------------------------------------------------------------------------ reads
    def neighbourhood(self, user_id: str, entities: list[str], hops: int = 1) -> list[Triple]:
        """Current triples reachable within ``hops`` steps (either direction) of ``entities``.

        Ordered by the hop at which a triple is first reached, then by weight (highest first),
        then by id.
        """
        validate_user_id(user_id)
        if not 1 <= hops <= MAX_HOPS:
            raise ConfigError(f"hops must be between 1 and {MAX_HOPS}, got {hops}")
        frontier = sorted({entity_key(e) for e in entities if e.strip()})
        seen_nodes = set(frontier)
        found: dict[str, tuple[int, Triple]] = {}
        for hop in range(1, hops + 1):
            if not frontier:
                break
            next_nodes: set[str] = set()
            for triple in self._incident(user_id, frontier):
                found.setdefault(triple.id, (hop, triple))
                for key in (entity_key(triple.head), entity_key(triple.tail)):
                    if key not in seen_nodes:
                        next_nodes.add(key)
            seen_nodes |= next_nodes
            frontier = sorted(next_nodes)
        ranked = sorted(found.values(), key=lambda ht: (ht[0], -ht[1].weight, ht[1].id))
        return [t for _, t in ranked]

    def search_entities(self, user_id: str, text: str, limit: int = 10) -> list[Entity]:
        """Entities whose name contains ``text`` (case-insensitive), ordered by name."""
        validate_user_id(user_id)
        key = entity_key(text)
        if not key:
            return []
        return self._search(user_id, key, max(1, int(limit)))

    def counts(self, user_id: str) -> GraphCounts:
        return self._counts(validate_user_id(user_id))

    def delete_user(self, user_id: str) -> int:
        """Remove every trace of the user from this backend; returns the number of items removed."""
        validate_user_id(user_id)
        with self._write_lock:
            return self._delete_user(user_id)

    # ------------------------------------------------------------------------------ edits
    def append_edit(self, user_id: str, edit: GraphEdit) -> GraphEdit:
        validate_user_id(user_id)
        with self._write_lock:
            self._append_edit(user_id, edit)
        return edit

    def replace_edit(self, user_id: str, edit: GraphEdit) -> GraphEdit:
        validate_user_id(user_id)
        with self._write_lock:
            self._replace_edit(user_id, edit)
        return edit

    def list_edits(self, user_id: str) -> list[GraphEdit]:
        return self._list_edits(validate_user_id(user_id))

    def get_edit(self, user_id: str, edit_id: str) -> GraphEdit:
        for edit in self.list_edits(user_id):
            if edit.id == edit_id:
                return edit
        raise ConfigError(f"user {user_id!r} has no graph edit {edit_id!r}")
