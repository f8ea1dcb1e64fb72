"""The lower-level sections of the settings tree: ``llm``, ``embedding``, ``graph``, ``database``,
``server``.  The agent-level switches stay flat on :class:`~usermind.settings.model.Settings`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from usermind.llm.precision import Precision, QueryPrecision


class Section(BaseModel):
    """A settings section: unknown keys are an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


class LLMSettings(Section):
    """How the chat model is reached (the model string itself is the flat ``model``)."""

    api_base: str | None = Field(None, description="endpoint for the model (e.g. a vLLM or Ollama server)")
    api_key: SecretStr | None = Field(None, description="key for the endpoint (masked in `config show`)")
    mock_response: str | None = Field(
        None, description="tests only: every generation returns this canned text (litellm mock_response)"
    )
    mock_delay: float = Field(0.0, ge=0, description="tests only: seconds each mocked generation takes")

    def litellm_kwargs(self) -> dict[str, Any]:
        """The keyword arguments :class:`~usermind.llm.client.LLMClient` passes to every litellm call."""
        kwargs: dict[str, Any] = {}
        if self.api_base:
            kwargs["api_base"] = self.api_base
        if self.api_key is not None:
            kwargs["api_key"] = self.api_key.get_secret_value()
        if self.mock_response is not None:
            kwargs |= {"mock_response": self.mock_response, "mock_delay": self.mock_delay}
        return kwargs


class EmbeddingSettings(Section):
    """How texts are embedded (the model string itself is the flat ``embedding_model``)."""

    batch_size: int = Field(64, ge=1, le=4096, description="texts per embedding call")
    api_base: str | None = Field(None, description="endpoint for a remote litellm embedding model")
    precision: Precision = Field(
        "auto", description="the local model's number format: auto = bfloat16 where the CPU has it natively"
    )
    query_precision: QueryPrecision = Field(
        "auto",
        description="the local model's number format for queries (recall's questions and their new words): "
        "auto = bfloat16 where native, else int8; same = as precision",
    )
    centre: bool = Field(
        True,
        description="re-centre the vectors of any model but the default one so that unrelated texts sit at "
        "the default model's cosine, on which every threshold was set (usermind.llm.centring)",
    )


class Neo4jSettings(Section):
    uri: str | None = Field(None, description="Bolt URI, e.g. bolt://127.0.0.1:7687")
    user: str = "neo4j"
    password: SecretStr = Field(SecretStr(""), description="masked in `config show`")
    database: str | None = Field(None, description="None: the server's default database")


class GraphSettings(Section):
    """The user knowledge graph store (``backend`` is the same value as the flat ``graph_backend``)."""

    backend: str = Field("networkx", description="a registered graph backend: networkx, neo4j, ...")
    neo4j: Neo4jSettings = Field(default_factory=Neo4jSettings)


class DatabaseSettings(Section):
    url: str | None = Field(None, description="None: the SQLite file in the home folder")


class ServerSettings(Section):
    host: str = Field("127.0.0.1", description="address `usermind serve` binds")
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
