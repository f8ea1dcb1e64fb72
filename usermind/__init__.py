"""usermind: assistants that remember each user and adapt to them."""

from usermind.config import Settings
from usermind.errors import ConfigError, ModelError, UsermindError

__all__ = ["Agent", "Reply", "Settings", "UsermindError", "ConfigError", "ModelError"]
__version__ = "0.1.0"


def __getattr__(name: str):  # lazy: importing usermind must not load torch or langgraph
    if name in {"Agent", "Reply"}:
        from usermind.agent import api

        return getattr(api, name)
    raise AttributeError(name)
