"""The settings tree: :class:`Settings` and its sections, and :func:`load_settings` (with sources)."""

from usermind.settings.load import LoadedSettings, load_settings
from usermind.settings.memory import FusionWeights, MemoryConfig, VerifyConfig
from usermind.settings.model import DEFAULT_EMBEDDING_MODEL, DEFAULT_MODEL, Settings
from usermind.settings.sections import (
    DatabaseSettings,
    EmbeddingSettings,
    GraphSettings,
    LLMSettings,
    Neo4jSettings,
    ServerSettings,
)
from usermind.settings.sources import config_path, set_cli_layer

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "DEFAULT_MODEL",
    "DatabaseSettings",
    "EmbeddingSettings",
    "FusionWeights",
    "GraphSettings",
    "LLMSettings",
    "LoadedSettings",
    "MemoryConfig",
    "Neo4jSettings",
    "ServerSettings",
    "Settings",
    "VerifyConfig",
    "config_path",
    "load_settings",
    "set_cli_layer",
]
