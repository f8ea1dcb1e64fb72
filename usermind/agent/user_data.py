"""What a user controls about their own data, as :class:`~usermind.agent.api.Agent` methods: list,
forget one memory or everything, export and import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from usermind.agent.checkpoint_scrub import needles_for, scrub_threads
from usermind.storage.checkpoints import user_threads

if TYPE_CHECKING:
    from usermind.agent.background import BackgroundWorker
    from usermind.memory import MemorySystem
    from usermind.protocols import GraphBackend
    from usermind.storage.contract import Storage


class UserData:
    """Mixed into ``Agent``; uses its user, database, memory, graph backend and checkpointer."""

    user: str
    db: Storage
    memory: MemorySystem
    graph_backend: GraphBackend
    graph: Any
    checkpointer: Any
    _worker: BackgroundWorker

    def knowledge_graph(self) -> Any:
        raise NotImplementedError

    def memories(self, kind: str | None = None) -> list[Any]:
        return self.memory.list_memories(self.user, kind=kind)

    def forget(self, memory_id: str) -> bool:
        """Delete one memory: a turn, a fact, or a knowledge-graph triple (``tr_…``)."""
        kg = self.knowledge_graph()
        if kg.get(memory_id) is not None:
            kg.remove(memory_id, reason="user asked to forget it")
            found = True
        else:
            needles = needles_for(self.memory, self.user, memory_id)
            found = self.memory.forget(self.user, memory_id)
            if found:  # the text also leaves the conversation checkpoints
                threads = user_threads(self.db, self.user)
                scrub_threads(self.graph, self.checkpointer, threads, needles)
        if found:
            self.db.purge()  # no byte of the deleted text stays in the file or its write-ahead log
        return found

    def forget_all(self) -> dict[str, int]:
        """Remove every trace of this user: memories, facts, vectors, graph, persona, checkpoints."""
        self._worker.flush()
        memories = self.memory.forget_all(self.user)
        graph_items = self.graph_backend.delete_user(self.user)
        deleted = self.db.forget_user(self.user)
        deleted |= {"memory_rows": memories, "graph_items": graph_items}
        threads = user_threads(self.db, self.user)
        for thread_id in threads:
            self.checkpointer.delete_thread(thread_id)
        deleted["checkpoint_threads"] = len(threads)
        self.db.purge()  # no byte of the user stays in the file or its write-ahead log
        return deleted

    def export(self) -> dict[str, Any]:
        """Every row this user has in every store (memories, vectors, facts, graph and its edit log,
        persona, tool preferences, usage log, conversation checkpoints), with the schema version."""
        from usermind.storage.transfer import export_user

        return export_user(self.db, self.user)

    def import_data(self, data: dict[str, Any]) -> dict[str, int]:
        """Restore an :meth:`export` (of any user, from any home) as this user; returns rows per table.
        Refused when this user already has data here."""
        from usermind.storage.transfer import import_user

        counts = import_user(self.db, data, self.user)
        self.memory.cache.drop(self.user)
        forget_cache = getattr(self.graph_backend, "forget_cache", None)
        if forget_cache is not None:
            forget_cache(self.user)
        return counts
