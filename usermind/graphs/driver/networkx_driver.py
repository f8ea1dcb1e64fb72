"""The embedded default backend: SQLite is the record, a per-user networkx graph the working copy.

Every row lives in the shared :class:`~usermind.storage.db.Database` (tables ``kg_entities``,
``kg_triples``, ``kg_edits``, each keyed by ``user_id``), so ``Database.forget_user`` removes a
user's graph too.  Each user's graph is loaded once into a ``networkx.MultiDiGraph`` (nodes are
entity keys, edges are keyed by triple id) and kept in step with every write; before each use it is
checked against the database (:class:`~usermind.storage.coherence.CacheGuard`), so a write or a
forget in another process is seen.
"""

from __future__ import annotations

import threading

import networkx as nx

from usermind.graphs.backend import GraphBackend
from usermind.graphs.models import Entity, GraphCounts, GraphEdit, Triple, entity_key
from usermind.storage.coherence import GRAPH, CacheGuard
from usermind.storage.contract import Storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS kg_entities (
    user_id TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE TABLE IF NOT EXISTS kg_triples (
    user_id TEXT NOT NULL, id TEXT NOT NULL, head_key TEXT NOT NULL, rel_key TEXT NOT NULL,
    tail_key TEXT NOT NULL, valid_to REAL, created_at REAL NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX IF NOT EXISTS kg_triples_identity ON kg_triples (user_id, head_key, rel_key, tail_key);
CREATE TABLE IF NOT EXISTS kg_edits (
    user_id TEXT NOT NULL, id TEXT NOT NULL, created_at REAL NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (user_id, id)
);
"""


class NetworkXBackend(GraphBackend):
    """One ``MultiDiGraph`` per user, persisted in the shared SQLite database."""

    name = "networkx"

    def __init__(self, db: Storage):
        super().__init__()
        self.db = db
        db.ensure_schema("graphs.networkx", SCHEMA)
        self._graphs: dict[str, nx.MultiDiGraph] = {}
        self._load_lock = threading.Lock()
        self.guard = CacheGuard(db, GRAPH)

    def graph(self, user_id: str) -> nx.MultiDiGraph:
        """The user's graph (loaded from SQLite on first use); treat it as read-only."""
        with self._load_lock:
            g = self._graphs.get(user_id)
            if g is not None and not self.guard.fresh(user_id):
                g = None  # another process changed or forgot this user's graph
            if g is None:
                self.guard.stamp(user_id)
                g = nx.MultiDiGraph(user_id=user_id)
                for row in self.db.query(
                    "SELECT key, name, type FROM kg_entities WHERE user_id = ?", (user_id,)
                ):
                    g.add_node(row["key"], name=row["name"], type=row["type"])
                for row in self.db.query("SELECT data FROM kg_triples WHERE user_id = ?", (user_id,)):
                    t = Triple.model_validate_json(row["data"])
                    g.add_edge(entity_key(t.head), entity_key(t.tail), key=t.id, triple=t)
                self._graphs[user_id] = g
            return g

    def _put(self, user_id: str, triple: Triple) -> None:
        g = self.graph(user_id)
        old = self._get(user_id, triple.id)
        hk, rk, tk = triple.identity
        entities = [(hk, triple.head, triple.head_type), (tk, triple.tail, triple.tail_type)]
        with self.db.transaction() as conn:
            self.guard.bump(conn, user_id)
            for key, name, etype in entities:
                conn.execute(
                    "INSERT INTO kg_entities (user_id, key, name, type) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (user_id, key) DO UPDATE SET type = CASE WHEN excluded.type != 'entity' "
                    "THEN excluded.type ELSE kg_entities.type END",
                    (user_id, key, name, etype),
                )
            conn.execute(
                "INSERT INTO kg_triples (user_id, id, head_key, rel_key, tail_key, valid_to, "
                "created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, id) DO UPDATE SET "
                "head_key = excluded.head_key, rel_key = excluded.rel_key, tail_key = excluded.tail_key, "
                "valid_to = excluded.valid_to, created_at = excluded.created_at, data = excluded.data",
                (
                    user_id,
                    triple.id,
                    hk,
                    rk,
                    tk,
                    triple.valid_to,
                    triple.created_at,
                    triple.model_dump_json(),
                ),
            )
        for key, name, etype in entities:
            if key not in g:
                g.add_node(key, name=name, type=etype)
            elif etype != "entity":
                g.nodes[key]["type"] = etype
        if old is not None:
            g.remove_edge(entity_key(old.head), entity_key(old.tail), key=old.id)
        g.add_edge(hk, tk, key=triple.id, triple=triple)
        if old is not None:
            self._drop_orphans(user_id, [entity_key(old.head), entity_key(old.tail)])

    def _drop_orphans(self, user_id: str, keys: list[str]) -> None:
        g = self.graph(user_id)
        orphans = [k for k in dict.fromkeys(keys) if k in g and g.degree(k) == 0]
        if not orphans:
            return
        with self.db.transaction() as conn:
            self.guard.bump(conn, user_id)
            conn.executemany(
                "DELETE FROM kg_entities WHERE user_id = ? AND key = ?", [(user_id, k) for k in orphans]
            )
        g.remove_nodes_from(orphans)

    def _edges(self, user_id: str):
        return (d["triple"] for _, _, d in self.graph(user_id).edges(data=True))

    def _get(self, user_id: str, triple_id: str) -> Triple | None:
        rows = self.db.query(
            "SELECT head_key, tail_key FROM kg_triples WHERE user_id = ? AND id = ?", (user_id, triple_id)
        )
        if not rows:
            return None
        data = self.graph(user_id).get_edge_data(rows[0]["head_key"], rows[0]["tail_key"], key=triple_id)
        return data["triple"] if data else None

    def _find_current(self, user_id: str, identity: tuple[str, str, str]) -> Triple | None:
        hk, rk, tk = identity
        edges = self.graph(user_id).get_edge_data(hk, tk) or {}
        for data in edges.values():
            t: Triple = data["triple"]
            if t.current and entity_key(t.relation) == rk:
                return t
        return None

    def _list(self, user_id: str, include_history: bool) -> list[Triple]:
        return [t for t in self._edges(user_id) if include_history or t.current]

    def _delete(self, user_id: str, triple_id: str) -> bool:
        old = self._get(user_id, triple_id)
        if old is None:
            return False
        with self.db.transaction() as conn:
            self.guard.bump(conn, user_id)
            conn.execute("DELETE FROM kg_triples WHERE user_id = ? AND id = ?", (user_id, triple_id))
        self.graph(user_id).remove_edge(entity_key(old.head), entity_key(old.tail), key=old.id)
        self._drop_orphans(user_id, [entity_key(old.head), entity_key(old.tail)])
        return True

    def _incident(self, user_id: str, keys: list[str]) -> list[Triple]:
        g = self.graph(user_id)
        out: dict[str, Triple] = {}
        for key in keys:
            if key not in g:
                continue
            for _, _, data in list(g.out_edges(key, data=True)) + list(g.in_edges(key, data=True)):
                if data["triple"].current:
                    out[data["triple"].id] = data["triple"]
        return list(out.values())

    def _search(self, user_id: str, text_key: str, limit: int) -> list[Entity]:
        g = self.graph(user_id)
        keys = sorted(k for k in g.nodes if text_key in k)[:limit]
        return [Entity(name=g.nodes[k]["name"], type=g.nodes[k]["type"]) for k in keys]

    def _append_edit(self, user_id: str, edit: GraphEdit) -> None:
        self.db.execute(
            "INSERT INTO kg_edits (user_id, id, created_at, data) VALUES (?, ?, ?, ?)",
            (user_id, edit.id, edit.created_at, edit.model_dump_json()),
        )

    def _replace_edit(self, user_id: str, edit: GraphEdit) -> None:
        self.db.execute(
            "UPDATE kg_edits SET data = ? WHERE user_id = ? AND id = ?",
            (edit.model_dump_json(), user_id, edit.id),
        )

    def _list_edits(self, user_id: str) -> list[GraphEdit]:
        rows = self.db.query(
            "SELECT data FROM kg_edits WHERE user_id = ? ORDER BY created_at, id", (user_id,)
        )
        return [GraphEdit.model_validate_json(r["data"]) for r in rows]

    def _delete_user(self, user_id: str) -> int:
        removed = 0
        with self.db.transaction() as conn:
            self.guard.erase(conn, user_id)
            for table in ("kg_entities", "kg_triples", "kg_edits"):
                removed += conn.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,)).rowcount
        with self._load_lock:
            self._graphs.pop(user_id, None)
        return removed

    def _counts(self, user_id: str) -> GraphCounts:
        g = self.graph(user_id)
        triples = list(self._edges(user_id))
        edits = self.db.query("SELECT COUNT(*) FROM kg_edits WHERE user_id = ?", (user_id,))[0][0]
        return GraphCounts(
            entities=g.number_of_nodes(),
            triples_current=sum(1 for t in triples if t.current),
            triples_total=len(triples),
            edits=int(edits),
        )

    def forget_cache(self, user_id: str | None = None) -> None:
        """Drop the in-memory graph(s) so the next read reloads from SQLite."""
        with self._load_lock:
            if user_id is None:
                self._graphs.clear()
            else:
                self._graphs.pop(user_id, None)
            self.guard.forget(user_id)
