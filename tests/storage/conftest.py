"""Fixtures of the storage suite (the Postgres server is in ``tests/conftest.py``): a fresh database
per test, and ``storage_url`` that runs a test once on SQLite and once on Postgres (the contract suite)."""

from __future__ import annotations

import pytest


@pytest.fixture
def postgres_url(postgres_server) -> str:
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgres"])
def storage_url(request, tmp_path) -> str:
    """A database URL of each backend: ``sqlite:///…`` in the test's folder, or a fresh Postgres one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'usermind.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM embedder, loaded once for the storage suite."""
    from usermind.llm.embeddings import Embedder

    return Embedder()
