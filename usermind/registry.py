"""Provider registries: name -> factory for embedders and graph backends, replacing string branches.

Register your own before constructing an :class:`~usermind.agent.Agent`::

    register_embedder("mycorp/", lambda model, settings: MyEmbedder(model))   # a model-string prefix
    register_graph_backend("memgraph", lambda settings, db: MemgraphBackend(settings.graph))

or pass a ready object: ``Agent(user, embedder=..., graph=...)``.  Factories are imported lazily so
that reading the registry (settings validation) loads no model code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from usermind.errors import ConfigError

if TYPE_CHECKING:
    from usermind.protocols import Embedder, GraphBackend
    from usermind.settings.model import Settings
    from usermind.storage.contract import Storage

EmbedderFactory = Callable[[str, "Settings"], "Embedder"]
GraphBackendFactory = Callable[["Settings", "Storage | None"], "GraphBackend"]

_embedders: dict[str, EmbedderFactory] = {}
_graph_backends: dict[str, GraphBackendFactory] = {}
_loaded: list[bool] = []


def register_embedder(prefix: str, factory: EmbedderFactory) -> None:
    """Use ``factory(model, settings)`` for embedding-model strings that start with ``prefix``
    (the longest matching prefix wins; ``""`` is the litellm fallback)."""
    _embedders[prefix] = factory


def register_graph_backend(name: str, factory: GraphBackendFactory) -> None:
    """Make ``name`` a valid ``graph_backend``: ``factory(settings, db)`` opens it."""
    if not name or not name.strip():
        raise ConfigError("a graph backend needs a name")
    _graph_backends[name] = factory


def graph_backend_names() -> list[str]:
    _builtins()
    return sorted(_graph_backends)


def make_embedder(model: str, settings: Settings) -> Embedder:
    """The embedder registered for ``model``; any model but the default one is re-centred onto the
    default model's cosine scale unless ``embedding.centre`` is off (:mod:`usermind.llm.centring`)."""
    from usermind.settings.model import DEFAULT_EMBEDDING_MODEL

    _builtins()
    prefix = max((p for p in _embedders if model.startswith(p)), key=len, default=None)
    if prefix is None:
        raise ConfigError(f"no embedder registered for {model!r}")
    embedder = _embedders[prefix](model, settings)
    if model == DEFAULT_EMBEDDING_MODEL or not settings.embedding.centre:
        return embedder
    from usermind.llm.centring import CentredEmbedder

    return CentredEmbedder(embedder)


def open_graph_backend(settings: Settings, db: Storage | None) -> GraphBackend:
    _builtins()
    factory = _graph_backends.get(settings.graph_backend)
    if factory is None:
        names = ", ".join(sorted(_graph_backends))
        raise ConfigError(f"unknown graph backend {settings.graph_backend!r}; registered: {names}")
    return factory(settings, db)


def _builtins() -> None:
    if _loaded:
        return
    _loaded.append(True)
    from usermind.providers import builtin_embedders, builtin_graph_backends

    for prefix, embedder in builtin_embedders().items():
        _embedders.setdefault(prefix, embedder)
    for name, backend in builtin_graph_backends().items():
        _graph_backends.setdefault(name, backend)


def registered() -> dict[str, Any]:
    """What is registered now (for ``usermind config show``)."""
    _builtins()
    return {"embedders": sorted(_embedders), "graph_backends": sorted(_graph_backends)}
