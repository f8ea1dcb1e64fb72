"""Export is everything, import round-trips: every table with a user column is in the export, and
export -> import (another home, another id) -> export is identical apart from ids and times."""

import base64
import json
import sqlite3

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from tests.storage.helpers import run_cli
from usermind.agent.api import Agent
from usermind.llm.client import LLMClient
from usermind.storage.transfer import BOOKKEEPING, CHECKPOINT_TABLES

VOLATILE = {"user_id", "thread_id", "exported_at"}


def _populate(agent: Agent) -> None:
    """Write through every path that stores something about the user."""
    agent.chat("I live in Lisbon and my favourite colour is teal.")
    agent.chat("Which colour do I like?")  # recalls and uses a memory: usage log
    agent.persona.set(agent.user, "diet", "vegetarian")
    agent.persona.set_sensitive_allowed(agent.user, True)
    agent.tool_prefs.record(agent.user, platform="maps_a", kind="stated", note="prefers maps_a")
    agent.react("honey cake", liked=True)


def _readable(export: dict) -> dict:
    """Checkpoint blobs decoded (their bytes carry the user id), so two exports compare by content."""
    serde = JsonPlusSerializer()
    for rows in export["checkpoints"].values():
        for row in rows:
            for column in ("checkpoint", "value"):
                if isinstance(row.get(column), dict):
                    blob = base64.b64decode(row[column]["$b64"])
                    row[column] = repr(serde.loads_typed((row["type"], blob)))
    return export


def _strip(value, old: str, new: str):
    """The export with the user id normalised and run-specific fields dropped."""
    if isinstance(value, dict):
        return {k: _strip(v, old, new) for k, v in value.items() if k not in ("exported_at",)}
    if isinstance(value, list):
        return [_strip(v, old, new) for v in value]
    if isinstance(value, str):
        return value.replace(f"'{new}'", f"'{old}'").replace(f"'{new}:", f"'{old}:").replace(new, old)
    return value


def test_every_user_table_is_exported_with_rows(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="ana", home=tmp_path, llm=llm) as agent:
        _populate(agent)
        data = agent.export()
        user_tables = set(agent.db.user_tables()) - set(BOOKKEEPING)
    # a new store without data written by _populate (or without export support) fails here
    assert set(data["tables"]) == user_tables
    assert {t for t, rows in data["tables"].items() if not rows} == set()
    assert set(data["checkpoints"]) == set(CHECKPOINT_TABLES["sqlite"]) and all(data["checkpoints"].values())
    assert data["schema_version"] >= 2 and data["user_id"] == "ana"


def test_export_import_export_round_trips_into_another_home_and_id(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="zoe7", home=tmp_path / "a", llm=llm) as agent:
        _populate(agent)
    first = run_cli(tmp_path / "a", "export", "--user", "zoe7")
    assert first.returncode == 0, first.stderr
    dump = tmp_path / "zoe7.json"
    dump.write_bytes(first.stdout)
    done = run_cli(tmp_path / "b", "import", str(dump), "--user", "bea_2")
    assert done.returncode == 0, done.stderr
    second = run_cli(tmp_path / "b", "export", "--user", "bea_2")
    one, two = _readable(json.loads(first.stdout)), _readable(json.loads(second.stdout))
    assert "zoe7" in json.dumps(one) and "bea_2" not in json.dumps(one)  # no "_" in base64
    assert _strip(two, "zoe7", "bea_2") == _strip(one, "zoe7", "bea_2")
    raw = (tmp_path / "b" / "usermind.sqlite3").read_bytes()
    assert b"zoe7" not in raw  # the old id is rewritten everywhere, checkpoint contents included
    with Agent(user="bea_2", home=tmp_path / "b", llm=llm) as agent:
        assert agent.history()[0]["content"] == "I live in Lisbon and my favourite colour is teal."
        assert any("teal" in m.text for m in agent.chat("What is my favourite colour?").memories)


def test_import_refuses_bad_files_and_existing_users_with_one_line(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="ana", home=tmp_path, llm=llm) as agent:
        agent.chat("I live in Lisbon.")
    good = run_cli(tmp_path, "export", "--user", "ana")
    (tmp_path / "ana.json").write_bytes(good.stdout)
    (tmp_path / "bad.json").write_text('{"format": "something-else"}')
    (tmp_path / "junk.json").write_bytes(b"\xff\xfe not json")
    cases = {
        "ana.json": "user ana already has data in this home",
        "bad.json": "not a usermind export",
        "junk.json": "is not a JSON export",
        "missing.json": "cannot read",
    }
    for name, message in cases.items():
        done = run_cli(tmp_path, "import", str(tmp_path / name), "--user", "ana")
        err = done.stderr.decode().strip()
        assert done.returncode == 1 and message in err and len(err.splitlines()) == 1, err
    db = sqlite3.connect(tmp_path / "usermind.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM mem_turns WHERE user_id = 'ana'").fetchone()[0] == 2
