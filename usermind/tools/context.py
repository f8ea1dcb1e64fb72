"""The user a tool call runs for.  The agent's ``act`` node sets it around each call, so a
user-scoped tool (a recommender over the user's graph, say) reads it instead of taking the user id
as an argument the model could fill in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from usermind.errors import ConfigError

_current_user: ContextVar[str | None] = ContextVar("usermind_tool_user", default=None)


@contextmanager
def acting_for(user_id: str) -> Iterator[None]:
    token = _current_user.set(user_id)
    try:
        yield
    finally:
        _current_user.reset(token)


def current_user() -> str:
    """The user of the tool call in progress; a clear error outside one."""
    user = _current_user.get()
    if user is None:
        raise ConfigError("this tool needs a user: it runs only inside an agent's act step")
    return user
