"""The home folder and user-id validation; :class:`Settings` lives in :mod:`usermind.settings`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from usermind.errors import ConfigError
from usermind.settings import DEFAULT_EMBEDDING_MODEL, DEFAULT_MODEL, Settings, load_settings

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "DEFAULT_MODEL",
    "Settings",
    "load_settings",
    "resolve_home",
    "validate_user_id",
]
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
