"""Schema versioning: a home written by the previous release (0.1.0, no version) is migrated on
open and keeps working; a newer or damaged database is refused with a one-line error."""

import sqlite3
from pathlib import Path

import pytest

from tests.storage.helpers import run_cli
from usermind.agent.api import Agent
from usermind.errors import StorageError
from usermind.llm.client import LLMClient
from usermind.storage import Database
from usermind.storage.migrations import LATEST

RELEASE_0_1_0 = Path(__file__).with_name("release_0_1_0.sql")  # iterdump of a home made by 0.1.0


def old_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "usermind.sqlite3")
    conn.executescript(RELEASE_0_1_0.read_text())
    conn.close()
    return home


def test_previous_release_home_is_migrated_and_keeps_working(tmp_path):
    home = old_home(tmp_path)
    raw = sqlite3.connect(home / "usermind.sqlite3")
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="olduser", home=home, llm=llm) as agent:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert agent.history()[0]["content"] == "I live in Lisbon and I keep bees on my roof."
        reply = agent.chat("Which insects do I keep on my roof?")
        assert any("bees" in m.text for m in reply.memories)
        assert any(t.tail == "honey cake" for t in agent.knowledge_graph().triples())
        assert agent.persona.get("olduser").attributes
        assert [e.platform for e in agent.tool_prefs.events("olduser")] == ["maps_a"]
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_database_is_refused_with_one_line(tmp_path):
    home = old_home(tmp_path)
    sqlite3.connect(home / "usermind.sqlite3").execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(StorageError, match=f"schema version {LATEST + 1}, newer than this usermind"):
        Database(home / "usermind.sqlite3")
    done = run_cli(home, "export", "--user", "olduser")
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert done.stderr.decode().strip().count("\n") == 0 and b"upgrade usermind" in done.stderr


def test_database_missing_a_column_is_refused_before_it_fails_later(tmp_path):
    home = old_home(tmp_path)
    raw = sqlite3.connect(home / "usermind.sqlite3")
    raw.execute("ALTER TABLE mem_facts DROP COLUMN method")
    raw.commit()
    with pytest.raises(StorageError, match="table mem_facts lacks column.s. method"):
        Database(home / "usermind.sqlite3")
    done = run_cli(home, "chat", "--user", "olduser", stdin=b"hello\n")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().startswith("error: database usermind.sqlite3 does not match schema")


def test_file_that_is_not_a_database_gives_one_line(tmp_path):
    (tmp_path / "usermind.sqlite3").write_bytes(b"this is not sqlite" * 100)
    done = run_cli(tmp_path, "export", "--user", "ana")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().strip().splitlines() == [done.stderr.decode().strip()]
    assert b"not a database" in done.stderr
