"""The contracts of the swappable parts: pass an object that satisfies one to ``Agent(...)``.

- :class:`Embedder`: texts -> L2-normalised float32 rows (``Agent(user, embedder=...)``).
- :class:`ChatModel`: what :class:`~usermind.llm.client.LLMClient` offers (``Agent(user, llm=...)``).
- :class:`GraphBackend`: the abstract base of knowledge-graph stores; subclass it and implement its
  storage primitives (the ``_`` methods) -- the merge/invalidate/neighbourhood semantics come with it
  (``Agent(user, graph=...)`` or :func:`usermind.registry.register_graph_backend`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from usermind.graphs.backend import GraphBackend

if TYPE_CHECKING:
    import numpy as np

    from usermind.llm.usage import UsageMeter

__all__ = ["ChatModel", "Embedder", "GraphBackend"]

T = TypeVar("T", bound=BaseModel)


@runtime_checkable
class Embedder(Protocol):
    """Embeds texts; rows are float32 and L2-normalised, so a dot product is the cosine."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def embed_one(self, text: str) -> np.ndarray: ...


@runtime_checkable
class QueryEmbedder(Protocol):
    """Optional for an :class:`Embedder`: embeds queries (recall's questions, their new words) its own
    way, e.g. faster at a small cost in precision; stored texts still go through ``embed``."""

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


@runtime_checkable
class ChatModel(Protocol):
    """Chat completion, structured output and continuation scoring for one model."""

    model: str
    meter: UsageMeter

    @property
    def is_local(self) -> bool: ...

    def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> str: ...

    def complete_with_tools(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> tuple[str, list[dict[str, Any]]]: ...

    async def acomplete(
        self,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> str: ...

    async def acomplete_with_tools(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        max_tokens: int = 256,
        temperature: float = 0.2,
        **kwargs: Any,
    ) -> tuple[str, list[dict[str, Any]]]: ...

    def supports_tools(self) -> bool: ...

    def structured(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> T: ...

    def logprobs(self, prompt: str, continuations: list[str]) -> list[float]: ...
