"""Neo4j backend through the official ``neo4j`` driver; parameterised Cypher only.

Model: ``(:UMEntity {user_id, key, name, type})`` nodes, ``[:UM_REL {user_id, id, rel_key,
valid_to, created_at, weight, polarity, relation, data}]`` relationships (``data`` is the triple as
JSON, the other properties are there for Cypher users and indexes), and ``(:UMGraphEdit {user_id,
id, created_at, data})`` nodes for the edit log.  Every node and relationship carries ``user_id``
and every query filters on it.  Works against Neo4j 5 and ArcadeDB's Bolt endpoint.
"""

from __future__ import annotations

import logging
from typing import Any

from usermind.errors import ConfigError
from usermind.graphs.backend import GraphBackend
from usermind.graphs.models import Entity, GraphCounts, GraphEdit, Triple, entity_key

log = logging.getLogger(__name__)

SCHEMA = [
    "CREATE CONSTRAINT um_entity_key IF NOT EXISTS FOR (e:UMEntity) REQUIRE (e.user_id, e.key) IS UNIQUE",
    "CREATE INDEX um_edit_user IF NOT EXISTS FOR (e:UMGraphEdit) ON (e.user_id, e.id)",
]

_PUT = """
MERGE (h:UMEntity {user_id: $u, key: $hk}) ON CREATE SET h.name = $hn, h.type = $ht
WITH h
MERGE (t:UMEntity {user_id: $u, key: $tk}) ON CREATE SET t.name = $tn, t.type = $tt
WITH h, t
CREATE (h)-[r:UM_REL]->(t)
SET r.user_id = $u, r.id = $id, r.rel_key = $rk, r.relation = $rel, r.valid_to = $valid_to,
    r.created_at = $created_at, r.weight = $weight, r.polarity = $polarity, r.data = $data
"""
_SET_TYPE = "MATCH (e:UMEntity {user_id: $u, key: $key}) SET e.type = $type"
_DEL_REL = (
    "MATCH (:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u, id: $id}]->(:UMEntity {user_id: $u}) DELETE r"
)
_GET = (
    "MATCH (:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u, id: $id}]->(:UMEntity {user_id: $u}) "
    "RETURN r.data AS data"
)
_FIND = (
    "MATCH (:UMEntity {user_id: $u, key: $hk})-[r:UM_REL {user_id: $u, rel_key: $rk}]->"
    "(:UMEntity {user_id: $u, key: $tk}) WHERE r.valid_to IS NULL RETURN r.data AS data"
)
_LIST = (
    "MATCH (:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u}]->(:UMEntity {user_id: $u}) "
    "RETURN r.data AS data"
)
_INCIDENT = (
    "MATCH (h:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u}]->(t:UMEntity {user_id: $u}) "
    "WHERE r.valid_to IS NULL AND (h.key IN $keys OR t.key IN $keys) RETURN r.data AS data"
)
_ORPHANS = (
    "MATCH (e:UMEntity {user_id: $u}) WHERE e.key IN $keys "
    "OPTIONAL MATCH (e)-[r:UM_REL]-() WITH e, count(r) AS n WHERE n = 0 DELETE e"
)
_SEARCH = (
    "MATCH (e:UMEntity {user_id: $u}) WHERE e.key CONTAINS $text "
    "RETURN e.name AS name, e.type AS type, e.key AS key ORDER BY key LIMIT $limit"
)
_ADD_EDIT = (
    "CREATE (e:UMGraphEdit) SET e.user_id = $u, e.id = $id, e.created_at = $created_at, e.data = $data"
)
_SET_EDIT = "MATCH (e:UMGraphEdit {user_id: $u, id: $id}) SET e.data = $data"
_LIST_EDITS = "MATCH (e:UMGraphEdit {user_id: $u}) RETURN e.data AS data, e.created_at AS c, e.id AS id"
_COUNT_RELS = (
    "MATCH (:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u}]->(:UMEntity {user_id: $u}) "
    "RETURN count(r) AS total, sum(CASE WHEN r.valid_to IS NULL THEN 1 ELSE 0 END) AS current"
)
_COUNT_NODES = "MATCH (e:UMEntity {user_id: $u}) RETURN count(e) AS n"
_COUNT_EDITS = "MATCH (e:UMGraphEdit {user_id: $u}) RETURN count(e) AS n"
_DEL_USER_RELS = "MATCH (:UMEntity {user_id: $u})-[r:UM_REL {user_id: $u}]->() DELETE r RETURN count(r) AS n"
_DEL_USER_NODES = "MATCH (e:UMEntity {user_id: $u}) DELETE e RETURN count(e) AS n"
_DEL_USER_EDITS = "MATCH (e:UMGraphEdit {user_id: $u}) DELETE e RETURN count(e) AS n"


class Neo4jBackend(GraphBackend):
    """A knowledge graph per user inside one Neo4j (or Bolt-compatible) database."""

    name = "neo4j"

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None):
        super().__init__()
        try:
            import neo4j
        except ImportError as exc:  # pragma: no cover - neo4j is a core dependency
            raise ConfigError(f"the neo4j driver is not installed: {exc}") from None
        self.database = database
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self.driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError, OSError) as exc:
            raise ConfigError(f"cannot connect to the graph database at {uri}: {exc}") from None
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        import neo4j

        for statement in SCHEMA:
            try:
                self._write(statement)
            except neo4j.exceptions.Neo4jError as exc:
                # Servers without this index/constraint syntax still work: the queries match on
                # user_id and key either way, only without the index.
                log.warning("graph schema statement not supported by this server (%s): %s", statement, exc)

    def close(self) -> None:
        self.driver.close()

    # ---------------------------------------------------------------- helpers
    def _write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(lambda tx: tx.run(query, params).data())

    def _write_many(self, steps: list[tuple[str, dict[str, Any]]]) -> None:
        """Run several statements in one transaction."""

        def work(tx) -> None:
            for query, params in steps:
                tx.run(query, params).consume()

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: tx.run(query, params).data())

    def _triples(self, query: str, **params: Any) -> list[Triple]:
        return [Triple.model_validate_json(row["data"]) for row in self._read(query, **params)]

    # -------------------------------------------------------------- primitives
    def _put(self, user_id: str, triple: Triple) -> None:
        old = self._get(user_id, triple.id)
        hk, rk, tk = triple.identity
        steps: list[tuple[str, dict[str, Any]]] = [(_DEL_REL, {"u": user_id, "id": triple.id})]
        steps.append(
            (
                _PUT,
                {
                    "u": user_id,
                    "hk": hk,
                    "hn": triple.head,
                    "ht": triple.head_type,
                    "tk": tk,
                    "tn": triple.tail,
                    "tt": triple.tail_type,
                    "id": triple.id,
                    "rk": rk,
                    "rel": triple.relation,
                    "valid_to": triple.valid_to,
                    "created_at": triple.created_at,
                    "weight": triple.weight,
                    "polarity": triple.polarity,
                    "data": triple.model_dump_json(),
                },
            )
        )
        for key, etype in ((hk, triple.head_type), (tk, triple.tail_type)):
            if etype != "entity":
                steps.append((_SET_TYPE, {"u": user_id, "key": key, "type": etype}))
        if old is not None:
            steps.append((_ORPHANS, {"u": user_id, "keys": [entity_key(old.head), entity_key(old.tail)]}))
        self._write_many(steps)

    def _get(self, user_id: str, triple_id: str) -> Triple | None:
        found = self._triples(_GET, u=user_id, id=triple_id)
        return found[0] if found else None

    def _find_current(self, user_id: str, identity: tuple[str, str, str]) -> Triple | None:
        hk, rk, tk = identity
        found = sorted(
            self._triples(_FIND, u=user_id, hk=hk, rk=rk, tk=tk), key=lambda t: (t.created_at, t.id)
        )
        return found[0] if found else None

    def _list(self, user_id: str, include_history: bool) -> list[Triple]:
        return [t for t in self._triples(_LIST, u=user_id) if include_history or t.current]

    def _delete(self, user_id: str, triple_id: str) -> bool:
        old = self._get(user_id, triple_id)
        if old is None:
            return False
        keys = [entity_key(old.head), entity_key(old.tail)]
        self._write_many(
            [(_DEL_REL, {"u": user_id, "id": triple_id}), (_ORPHANS, {"u": user_id, "keys": keys})]
        )
        return True

    def _incident(self, user_id: str, keys: list[str]) -> list[Triple]:
        return self._triples(_INCIDENT, u=user_id, keys=list(keys))

    def _search(self, user_id: str, text_key: str, limit: int) -> list[Entity]:
        rows = self._read(_SEARCH, u=user_id, text=text_key, limit=limit)
        return [Entity(name=r["name"], type=r["type"]) for r in rows]

    def _append_edit(self, user_id: str, edit: GraphEdit) -> None:
        self._write(_ADD_EDIT, u=user_id, id=edit.id, created_at=edit.created_at, data=edit.model_dump_json())

    def _replace_edit(self, user_id: str, edit: GraphEdit) -> None:
        self._write(_SET_EDIT, u=user_id, id=edit.id, data=edit.model_dump_json())

    def _list_edits(self, user_id: str) -> list[GraphEdit]:
        rows = sorted(self._read(_LIST_EDITS, u=user_id), key=lambda r: (r["c"], r["id"]))
        return [GraphEdit.model_validate_json(r["data"]) for r in rows]

    def _delete_user(self, user_id: str) -> int:
        removed = 0
        for query in (_DEL_USER_RELS, _DEL_USER_NODES, _DEL_USER_EDITS):
            rows = self._write(query, u=user_id)
            removed += int(rows[0]["n"]) if rows else 0
        return removed

    def _counts(self, user_id: str) -> GraphCounts:
        rels = self._read(_COUNT_RELS, u=user_id)
        total = int(rels[0]["total"] or 0) if rels else 0
        current = int(rels[0]["current"] or 0) if rels else 0
        return GraphCounts(
            entities=int(self._read(_COUNT_NODES, u=user_id)[0]["n"]),
            triples_current=current,
            triples_total=total,
            edits=int(self._read(_COUNT_EDITS, u=user_id)[0]["n"]),
        )
