"""Which database a process uses: an explicit URL, else ``USERMIND_DATABASE_URL``, else the SQLite
file in the home folder.  ``redact`` gives the form of a URL that may appear in messages (no password).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

ENV_VAR = "USERMIND_DATABASE_URL"
POSTGRES_SCHEMES = ("postgresql", "postgres")


def database_url(explicit: str | None = None) -> str | None:
    """The configured database URL: ``explicit`` first, then the environment; None means SQLite in the
    home folder.  (The settings tree will pass ``Settings.database.url`` as ``explicit``.)"""
    for value in (explicit, os.environ.get(ENV_VAR)):
        if value is not None and value.strip():
            return value.strip()
    return None


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme.lower() in POSTGRES_SCHEMES


def sqlite_path(url: str) -> str | None:
    """The file of a ``sqlite:///abs/path`` (or ``sqlite:////abs/path``) URL; None for other schemes."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "sqlite":
        return None
    path = parts.path if not parts.netloc else f"/{parts.netloc}{parts.path}"
    return "/" + path.lstrip("/") if path.strip("/") else None


def redact(url: str) -> str:
    """``url`` without its password (``postgresql://ann:***@host/db``), also in a ``password=`` query."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(message: str, url: str) -> str:
    """``message`` with the URL's password removed wherever it appears."""
    password = urlsplit(url).password
    return message.replace(password, "***") if password else message
