import pytest

from usermind.llm.embeddings import Embedder
from usermind.memory import MemorySystem
from usermind.storage import Database


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture
def db(tmp_path) -> Database:
    database = Database(tmp_path / "mem.sqlite3")
    yield database
    database.close()


@pytest.fixture
def mem(db, embedder) -> MemorySystem:
    return MemorySystem(db, embedder)
