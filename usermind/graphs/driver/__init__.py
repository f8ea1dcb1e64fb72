"""Knowledge-graph backends: ``networkx`` (embedded default) and ``neo4j`` (Bolt)."""

from __future__ import annotations

import os

from usermind.errors import ConfigError
from usermind.graphs.backend import GraphBackend
from usermind.storage.db import Database

BACKENDS = ("networkx", "neo4j")


def open_backend(
    kind: str = "networkx",
    db: Database | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> GraphBackend:
    """Open a backend; ``neo4j`` reads ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` when not given."""
    if kind == "networkx":
        if db is None:
            raise ConfigError("the networkx graph backend needs the home folder's database")
        from usermind.graphs.driver.networkx_driver import NetworkXBackend

        return NetworkXBackend(db)
    if kind == "neo4j":
        from usermind.graphs.driver.neo4j_driver import Neo4jBackend

        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise ConfigError("the neo4j graph backend needs a URI (set NEO4J_URI or pass uri=...)")
        return Neo4jBackend(
            uri,
            user or os.environ.get("NEO4J_USER", "neo4j"),
            password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database or os.environ.get("NEO4J_DATABASE") or None,
        )
    raise ConfigError(f"unknown graph backend {kind!r}; choose one of {', '.join(BACKENDS)}")
