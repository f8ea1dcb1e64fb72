"""The built-in providers the registries start with (imported on first use of a registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from usermind.errors import ConfigError

if TYPE_CHECKING:
    from usermind.protocols import Embedder, GraphBackend
    from usermind.registry import EmbedderFactory, GraphBackendFactory
    from usermind.settings.model import Settings
    from usermind.settings.sections import Neo4jSettings
    from usermind.storage.contract import Storage


def local_embedder(model: str, settings: Settings) -> Embedder:
    """The offline MiniLM model (``local/minilm``)."""
    from usermind.llm.embeddings import LocalEmbedder

    options = settings.embedding
    return LocalEmbedder(
        model,
        batch_size=options.batch_size,
        precision=options.precision,
        query_precision=options.query_precision,
    )


def litellm_embedder(model: str, settings: Settings) -> Embedder:
    """litellm's embedding API, for any model string no other prefix claims."""
    from usermind.llm.embeddings import LiteLLMEmbedder

    options = settings.embedding
    return LiteLLMEmbedder(model, batch_size=options.batch_size, api_base=options.api_base)


def networkx_backend(settings: Settings, db: Storage | None) -> GraphBackend:
    if db is None:
        raise ConfigError("the networkx graph backend needs the home folder's database")
    from usermind.graphs.driver.networkx_driver import NetworkXBackend

    return NetworkXBackend(db)


def neo4j_backend(settings: Settings, db: Storage | None) -> GraphBackend:
    return open_neo4j(settings.graph.neo4j)


def open_neo4j(neo4j: Neo4jSettings) -> GraphBackend:
    from usermind.graphs.driver.neo4j_driver import Neo4jBackend

    if not neo4j.uri:
        raise ConfigError(
            "the neo4j graph backend needs a URI (graph.neo4j.uri in the config, "
            "USERMIND_GRAPH__NEO4J__URI or NEO4J_URI)"
        )
    return Neo4jBackend(neo4j.uri, neo4j.user, neo4j.password.get_secret_value(), neo4j.database or None)


def builtin_embedders() -> dict[str, EmbedderFactory]:
    return {"local/": local_embedder, "": litellm_embedder}


def builtin_graph_backends() -> dict[str, GraphBackendFactory]:
    return {"networkx": networkx_backend, "neo4j": neo4j_backend}
