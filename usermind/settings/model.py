"""The settings tree: agent-level switches flat at the top, lower-level parts in sections."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from usermind.settings.kgt import KGTConfig
from usermind.settings.memory import MemoryConfig
from usermind.settings.sections import (
    DatabaseSettings,
    EmbeddingSettings,
    GraphSettings,
    LLMSettings,
    ServerSettings,
)

DEFAULT_MODEL = "local/smollm2"
DEFAULT_EMBEDDING_MODEL = "local/minilm"

# A flat field and the section field that holds the same value; either may be set, the flat one wins.
MIRRORED: tuple[tuple[str, tuple[str, str]], ...] = (
    ("llm_extraction", ("memory", "llm_extraction")),
    ("llm_verify", ("memory", "llm_verify")),
    ("graph_backend", ("graph", "backend")),
)


class Settings(BaseSettings):
    """Everything an :class:`~usermind.agent.Agent` can be configured with.

    ``Settings()`` reads, lowest to highest: defaults, the config file (``$USERMIND_CONFIG``, else
    ``config.toml`` in the home folder), ``USERMIND_…`` environment variables (sections nested with
    ``__``: ``USERMIND_MEMORY__WEIGHTS__DENSE=0.9``), then its keyword arguments."""

    model_config = SettingsConfigDict(
        env_prefix="USERMIND_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    model: str = Field(DEFAULT_MODEL, description="litellm model string; local/smollm2 is the embedded model")
    embedding_model: str = Field(
        DEFAULT_EMBEDDING_MODEL, description="local/minilm or a litellm embedding model"
    )
    system_prompt: str = "You are a helpful assistant. Answer briefly and directly."
    max_new_tokens: int = Field(160, ge=1, le=8192)
    temperature: float = Field(0.2, ge=0.0, le=2.0)
    llm_timeout_s: float = Field(120.0, gt=0)
    llm_retries: int = Field(2, ge=0, le=10)
    history_turns: int = Field(6, ge=0, le=100, description="recent messages passed to generation")
    max_message_chars: int = Field(
        32_000, ge=1, description="longest accepted user message; a longer one is refused, not stored"
    )
    max_prompt_message_chars: int = Field(
        6_000, ge=1, description="the message is cut to this for the prompt (stored in full)"
    )
    recall_k: int = Field(8, ge=1, le=200)
    recall_replies: bool = Field(False, description="recall the assistant's own past replies as memories")
    personalization: float = Field(1.0, ge=0.0, le=1.0, description="alpha: 0 generic, 1 fully personalized")
    tool_min_score: float = Field(0.35, ge=-1.0, le=1.0, description="message-to-tool similarity to call it")
    llm_extraction: bool = Field(False, description="use the LLM to extract facts after the reply")
    llm_persona: bool = Field(
        False,
        description="use the LLM for pairwise persona inference (prefer) and, in the background every "
        "persona_refresh_turns user messages, guided profile generation (GPG) over the recent ones",
    )
    persona_refresh_turns: int = Field(8, ge=1, le=1000, description="user messages between GPG refreshes")
    graph_backend: str = Field("networkx", description="user knowledge graph store (a registered backend)")
    kgt_scorer: str = Field(DEFAULT_MODEL, description="model whose log-probs KGT uses (needs logprobs)")
    llm_verify: bool = Field(False, description="use the LLM Self-ReCheck in the verify node")
    generation: str = Field(
        "auto",
        pattern="^(auto|compact|full)$",
        description="prompt layout and reply checks: compact suits small local models (auto: local/ models)",
    )
    compact_max_new_tokens: int = Field(64, ge=8, le=1024, description="reply length with the compact layout")
    acknowledge_statements: bool | None = Field(
        None, description="acknowledge a message that only tells something (None: with the compact layout)"
    )
    reply_language: str | None = Field(
        None, description="pin the reply language (compact layout); None: English for Latin-script messages"
    )

    memory: MemoryConfig = Field(default_factory=MemoryConfig)
    kgt: KGTConfig = Field(default_factory=KGTConfig)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    graph: GraphSettings = Field(default_factory=GraphSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    prompts: dict[str, str] = Field(
        default_factory=dict, description="prompt name -> template file that replaces the built-in prompt"
    )

    @field_validator("model", "embedding_model")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("model string must not be empty")
        return value.strip()

    @model_validator(mode="before")
    @classmethod
    def _mirror_in(cls, data: Any) -> Any:
        """A mirrored value given only in its section is copied to the flat field (the flat one wins)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for flat, (section, key) in MIRRORED:
            inner = data.get(section)
            inner_value = inner.get(key) if isinstance(inner, dict) else getattr(inner, key, None)
            given_inner = (
                isinstance(inner, dict)
                and key in inner
                or (inner is not None and not isinstance(inner, dict) and key in inner.model_fields_set)
            )
            if flat not in data and given_inner:
                data[flat] = inner_value
        return data

    @model_validator(mode="after")
    def _mirror_out(self) -> Settings:
        for flat, (section, key) in MIRRORED:
            part = getattr(self, section)
            if getattr(part, key) != getattr(self, flat):
                object.__setattr__(self, section, part.model_copy(update={key: getattr(self, flat)}))
        return self

    @field_validator("prompts")
    @classmethod
    def _known_prompts(cls, value: dict[str, str]) -> dict[str, str]:
        from usermind.prompts import prompt_names

        unknown = sorted(set(value) - set(prompt_names()))
        if unknown:
            raise ValueError(f"unknown prompt {unknown[0]!r}; registered: {', '.join(prompt_names())}")
        return value

    @field_validator("graph_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        from usermind.registry import graph_backend_names

        if value not in graph_backend_names():
            raise ValueError(
                f"unknown graph backend {value!r}; registered: {', '.join(graph_backend_names())}"
            )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        from usermind.settings.sources import sources_for

        return sources_for(settings_cls, init_settings)
