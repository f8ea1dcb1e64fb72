"""Settings, the home folder and user-id validation."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from usermind.errors import ConfigError

DEFAULT_MODEL = "local/smollm2"
DEFAULT_EMBEDDING_MODEL = "local/minilm"
_USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


def validate_user_id(user: str) -> str:
    """Return ``user`` if it is a safe id (letters, digits, ``_ . @ -``; 1-64 chars, no ``..``).

    The whole string must match (``'alice\n'`` is refused, not trimmed).  Ids are case-sensitive:
    ``Alice`` and ``alice`` are two different users with separate memories."""
    if not isinstance(user, str) or not _USER_ID.fullmatch(user) or ".." in user:
        raise ConfigError(
            f"invalid user id {user!r}: use 1-64 letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    return user


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The home folder: ``home``, else ``$USERMIND_HOME``, else ``~/.usermind``; created and checked."""
    raw = home if home is not None else os.environ.get("USERMIND_HOME") or Path.home() / ".usermind"
    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"home folder {path} exists but is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create home folder {path}: {exc.strerror}") from None
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise ConfigError(f"home folder {path} is not readable and writable by this user")
    return path.resolve()


class Settings(BaseModel):
    """Everything an :class:`~usermind.agent.Agent` can be configured with."""

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
    llm_persona: bool = Field(False, description="use the LLM for pairwise persona inference and GPG")
    graph_backend: str = Field(
        "networkx", pattern="^(networkx|neo4j)$", description="user knowledge graph store"
    )
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

    @field_validator("model", "embedding_model")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("model string must not be empty")
        return value.strip()
