"""usermind: assistants that remember each user and adapt to them."""

from typing import TYPE_CHECKING, Any

from usermind.config import Settings
from usermind.errors import ConfigError, ModelError, UsermindError
from usermind.registry import register_embedder, register_graph_backend

if TYPE_CHECKING:  # typed for checkers; loaded lazily at run time
    from usermind.agent.api import Agent, Reply

__all__ = [
    "Agent",
    "Reply",
    "Settings",
    "UsermindError",
    "ConfigError",
    "ModelError",
    "register_embedder",
    "register_graph_backend",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:  # lazy: importing usermind must not load torch or langgraph
    if name in {"Agent", "Reply"}:
        from usermind.agent import api

        return getattr(api, name)
    raise AttributeError(name)
