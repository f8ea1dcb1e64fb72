"""Shared fixtures.  Nothing here reaches the network: litellm's cost map is read locally and
models are loaded from installed packages."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server():
    """A real Postgres for the session (``tests/storage/postgres_server.py``); each test makes its own
    database on it with ``new_database()``."""
    from tests.storage.postgres_server import PostgresServer

    server = PostgresServer()
    yield server
    server.close()
