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


@pytest.fixture
def told(tmp_path, storage_url, embedder):
    """A factory: a memory system on the test's backend whose ``user`` has said ``texts``, one turn each,
    a second apart (``remember``: then distilled into facts); closed after the test."""
    from usermind.memory import MemorySystem
    from usermind.storage.open import open_database

    opened = []

    def make(user: str, texts: list[str], remember: bool = False):
        memory = MemorySystem(open_database(tmp_path, storage_url), embedder)
        opened.append(memory)
        for i, text in enumerate(texts):
            memory.add_turn(user, "s1", "user", text, ts=1_700_000_000 + i)
        if remember:
            memory.remember(user)
        return memory

    yield make
    for memory in opened:
        memory.db.close()
