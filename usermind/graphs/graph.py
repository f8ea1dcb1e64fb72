"""A user's knowledge graph with a logged, reversible edit history (the API KGT and PIE use).

Every change made through :class:`KnowledgeGraph` writes a :class:`GraphEdit` (what changed, why,
the loss before/after when an optimiser made it) to the backend's edit log; :meth:`revert`
restores the state before an edit and logs that too.
"""

from __future__ import annotations

from usermind.config import validate_user_id
from usermind.errors import ConfigError
from usermind.graphs.backend import GraphBackend
from usermind.graphs.models import EditOp, Entity, GraphCounts, GraphEdit, Triple, TripleChange


class KnowledgeGraph:
    """One user's view of a backend; mutating calls are logged and reversible."""

    def __init__(self, backend: GraphBackend, user_id: str):
        self.backend = backend
        self.user_id = validate_user_id(user_id)

    # ------------------------------------------------------------------ logged edits
    def _log(self, op: EditOp, change: TripleChange, triple_id: str, **meta) -> GraphEdit:
        edit = GraphEdit(op=op, triple_id=triple_id, before=change.before, after=change.after, **meta)
        return self.backend.append_edit(self.user_id, edit)

    def add(
        self,
        triple: Triple,
        reason: str = "",
        source: str = "user",
        group_id: str | None = None,
        loss_before: float | None = None,
        loss_after: float | None = None,
    ) -> GraphEdit:
        """Upsert a triple; logged as ``add`` (new) or ``update`` (merged into a current triple)."""
        change = self.backend.upsert_triple(self.user_id, triple)
        assert change.after is not None
        op: EditOp = "add" if change.before is None else "update"
        return self._log(
            op,
            change,
            change.after.id,
            reason=reason,
            source=source,
            group_id=group_id,
            loss_before=loss_before,
            loss_after=loss_after,
        )

    def remove(
        self,
        triple_id: str,
        reason: str = "",
        source: str = "user",
        group_id: str | None = None,
        loss_before: float | None = None,
        loss_after: float | None = None,
    ) -> GraphEdit:
        change = self.backend.remove(self.user_id, triple_id)
        return self._log(
            "remove",
            change,
            triple_id,
            reason=reason,
            source=source,
            group_id=group_id,
            loss_before=loss_before,
            loss_after=loss_after,
        )

    def invalidate(
        self,
        triple_id: str,
        reason: str = "",
        source: str = "user",
        invalidated_by: str | None = None,
        group_id: str | None = None,
    ) -> GraphEdit:
        change = self.backend.invalidate(self.user_id, triple_id, invalidated_by=invalidated_by)
        return self._log("invalidate", change, triple_id, reason=reason, source=source, group_id=group_id)

    def reweight(
        self,
        triple_id: str,
        weight: float,
        reason: str = "",
        source: str = "user",
        group_id: str | None = None,
    ) -> GraphEdit:
        change = self.backend.set_weight(self.user_id, triple_id, weight)
        return self._log("reweight", change, triple_id, reason=reason, source=source, group_id=group_id)

    def revert(self, edit_id: str, reason: str = "") -> GraphEdit:
        """Restore the triple as it was before ``edit_id``; returns the logged ``restore`` edit."""
        edit = self.backend.get_edit(self.user_id, edit_id)
        if edit.reverted_by is not None:
            raise ConfigError(f"graph edit {edit_id!r} was already reverted by {edit.reverted_by!r}")
        if edit.before is None:
            current = self.backend.get_triple(self.user_id, edit.triple_id)
            change = self.backend.remove(self.user_id, edit.triple_id) if current else TripleChange()
        else:
            change = self.backend.put_triple(self.user_id, edit.before)
        restore = self._log(
            "restore",
            change,
            edit.triple_id,
            reason=reason or f"revert {edit_id}",
            source=edit.source,
            group_id=edit.group_id,
        )
        self.backend.replace_edit(self.user_id, edit.model_copy(update={"reverted_by": restore.id}))
        return restore

    def revert_group(self, group_id: str, reason: str = "") -> list[GraphEdit]:
        """Revert every not-yet-reverted edit of a group, newest first."""
        edits = [
            e for e in self.edits() if e.group_id == group_id and e.op != "restore" and e.reverted_by is None
        ]
        return [self.revert(e.id, reason) for e in reversed(edits)]

    # ------------------------------------------------------------------------- reads
    def triples(self, include_history: bool = False) -> list[Triple]:
        return self.backend.list_triples(self.user_id, include_history)

    def get(self, triple_id: str) -> Triple | None:
        return self.backend.get_triple(self.user_id, triple_id)

    def neighbourhood(self, entities: list[str], hops: int = 1) -> list[Triple]:
        return self.backend.neighbourhood(self.user_id, entities, hops)

    def search(self, text: str, limit: int = 10) -> list[Entity]:
        return self.backend.search_entities(self.user_id, text, limit)

    def edits(self) -> list[GraphEdit]:
        return self.backend.list_edits(self.user_id)

    def counts(self) -> GraphCounts:
        return self.backend.counts(self.user_id)
