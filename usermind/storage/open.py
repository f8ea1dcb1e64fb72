"""Open the database a URL names: ``postgresql://…`` (Postgres), ``sqlite:///path`` (that file), or
nothing (the SQLite file in the home folder).  See :func:`usermind.storage.url.database_url`."""

from __future__ import annotations

from pathlib import Path

from usermind.errors import ConfigError, DatabaseUnavailable
from usermind.storage.contract import Storage
from usermind.storage.db import Database
from usermind.storage.url import database_url, is_postgres, redact, sqlite_path


def open_database(home: Path, url: str | None = None) -> Storage:
    """The database for ``url`` (else ``USERMIND_DATABASE_URL``, else ``home``'s SQLite file)."""
    url = database_url(url)
    if url is None:
        return Database.in_home(home)
    if is_postgres(url):
        try:
            from usermind.storage.postgres import PostgresDatabase
        except ImportError:
            raise DatabaseUnavailable(
                f"database {redact(url)} needs the Postgres client: pip install 'usermind[postgres]'"
            ) from None
        return PostgresDatabase(url)
    path = sqlite_path(url)
    if path:
        return Database(path)
    raise ConfigError(f"unsupported database URL {redact(url)}: use postgresql://… or sqlite:///path")
