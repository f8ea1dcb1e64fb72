"""Knowledge-graph backends: ``networkx`` (embedded default), ``neo4j`` (Bolt), and any backend added
with :func:`usermind.registry.register_graph_backend`."""

from __future__ import annotations

import os

from usermind.graphs.backend import GraphBackend
from usermind.registry import graph_backend_names, open_graph_backend
from usermind.storage.contract import Storage

BACKENDS = ("networkx", "neo4j")  # the built-in ones; graph_backend_names() lists every registered one

__all__ = ["BACKENDS", "GraphBackend", "graph_backend_names", "open_backend"]


def open_backend(
    kind: str = "networkx",
    db: Storage | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> GraphBackend:
    """Open a backend by name; ``neo4j`` reads ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` when not given.
    (The agent opens its backend from its settings: :func:`usermind.registry.open_graph_backend`.)"""
    from pydantic import SecretStr

    from usermind.settings import GraphSettings, Neo4jSettings, Settings

    neo4j = Neo4jSettings(
        uri=uri or os.environ.get("NEO4J_URI"),
        user=user or os.environ.get("NEO4J_USER", "neo4j"),
        password=SecretStr(password if password is not None else os.environ.get("NEO4J_PASSWORD", "")),
        database=database or os.environ.get("NEO4J_DATABASE") or None,
    )
    settings = Settings.model_construct(graph_backend=kind, graph=GraphSettings(backend=kind, neo4j=neo4j))
    return open_graph_backend(settings, db)
