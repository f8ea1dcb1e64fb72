"""A database that cannot be used is one line naming the URL without its password, exit code 2 from
the CLI, and nothing written: unreachable server, refused login, unknown database, newer schema."""

from __future__ import annotations

import pytest

from tests.storage.helpers import run_cli
from usermind.errors import ConfigError, DatabaseUnavailable
from usermind.storage.open import open_database
from usermind.storage.postgres_schema import LATEST
from usermind.storage.url import database_url, redact

SECRET = "s3cr3t-pw"


def test_redact_drops_the_password_only():
    assert (
        redact(f"postgresql://ann:{SECRET}@db.example:5432/um") == "postgresql://ann:***@db.example:5432/um"
    )
    assert (
        redact(f"postgresql://db/um?user=ann&password={SECRET}") == "postgresql://db/um?user=ann&password=***"
    )
    assert redact("postgresql://ann@db/um") == "postgresql://ann@db/um"


def test_url_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv("USERMIND_DATABASE_URL", raising=False)
    assert database_url(None) is None
    monkeypatch.setenv("USERMIND_DATABASE_URL", "postgresql://env/db")
    assert database_url(None) == "postgresql://env/db"
    assert database_url("postgresql://arg/db") == "postgresql://arg/db"


def _assert_one_line_error(done, must: str) -> None:
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.startswith("error: ") and err.strip().count("\n") == 0 and "Traceback" not in err
    assert SECRET not in err and must in err


def test_unreachable_server_is_one_line_without_the_password(tmp_path):
    url = f"postgresql://ann:{SECRET}@127.0.0.1:1/usermind"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(tmp_path, url)
    assert SECRET not in str(caught.value) and "postgresql://ann:***@127.0.0.1:1/usermind" in str(
        caught.value
    )
    done = run_cli(tmp_path / "home", "export", "--user", "ann", "--db", url)
    _assert_one_line_error(done, "127.0.0.1:1")
    assert not (tmp_path / "home" / "usermind.sqlite3").exists()  # no fallback to a local file


def test_refused_login_and_unknown_database_are_one_line(postgres_server, tmp_path):
    url = postgres_server.new_database().replace("postgres:@", f"nobody:{SECRET}@", 1)
    done = run_cli(tmp_path, "forget", "--user", "ann", "--all", "--db", url)
    _assert_one_line_error(done, "nobody")
    missing = postgres_server.url_for("no_such_db")
    done = run_cli(tmp_path, "export", "--user", "ann", "--db", missing)
    _assert_one_line_error(done, "no_such_db")


def test_newer_postgres_schema_is_refused_and_left_untouched(postgres_url, tmp_path):
    db = open_database(tmp_path, postgres_url)
    db.execute("UPDATE usermind_schema SET version = ?", (LATEST + 1,))
    db.close()
    done = run_cli(tmp_path, "export", "--user", "ann", "--db", postgres_url)
    _assert_one_line_error(done, f"schema version {LATEST + 1}, newer than this usermind supports ({LATEST})")
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM usermind_schema").fetchone()[0] == LATEST + 1
        assert conn.execute("SELECT COUNT(*) FROM mem_turns").fetchone()[0] == 0


def test_unknown_url_scheme_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="unsupported database URL mysql://ann:\\*\\*\\*@h/db"):
        open_database(tmp_path, f"mysql://ann:{SECRET}@h/db")


def _drop_connections(url: str) -> int:
    """Terminate every other session on the database (as a server restart or a network cut would)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def test_dropped_connections_are_replaced_and_a_cut_turn_is_never_half_written(postgres_url, tmp_path):
    from tests.storage.test_durable_input import FlakyEmbedder
    from usermind.errors import StorageError
    from usermind.memory import MemorySystem

    db = open_database(tmp_path, postgres_url)
    mem = MemorySystem(db, FlakyEmbedder())
    mem.add_turn("ann", "s", "user", "first turn")
    assert _drop_connections(postgres_url) >= 1
    assert [m.text for m in mem.list_memories("ann")] == ["first turn"]  # a new connection, same data
    with pytest.raises(StorageError) as caught, db.transaction() as conn:
        conn.execute(
            "INSERT INTO mem_turns (id, user_id, session_id, seq, role, text, vec) VALUES (?,?,?,?,?,?,?)",
            ("t_cut", "ann", "s", 1, "user", "half written", b""),
        )
        _drop_connections(postgres_url)  # the connection dies before the commit
        conn.execute("UPDATE mem_turns SET extracted = 1 WHERE id = ?", ("t_cut",))
    assert "\n" not in str(caught.value)
    assert [m.text for m in mem.list_memories("ann")] == ["first turn"]
    mem.add_turn("ann", "s", "user", "after the cut")
    assert [t.seq for t in mem.episodic.list("ann")] == [0, 1]
    db.close()


def test_sync_turns_go_on_after_the_server_drops_every_connection(postgres_url, tmp_path):
    """``Agent.chat`` on Postgres: the stores' pool and the checkpointer's pool both replace a connection
    the server dropped, so the next turn works and the conversation goes on from its checkpoint."""
    from usermind.agent.api import Agent
    from usermind.llm.client import LLMClient

    llm = LLMClient("openai/gpt-4o-mini", mock_response="noted", retries=0)
    with Agent(user="ann", home=tmp_path, llm=llm, database=postgres_url) as agent:
        assert agent.chat("I swim on Mondays.").text == "noted"
        assert _drop_connections(postgres_url) >= 2  # the stores' connection and the checkpointer's
        assert agent.chat("When do I swim?").text == "noted"
        assert [m["content"] for m in agent.history() if m["role"] == "user"] == [
            "I swim on Mondays.",
            "When do I swim?",
        ]
