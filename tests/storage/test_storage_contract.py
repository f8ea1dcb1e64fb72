"""The storage contract, run on both backends (``storage_url``: SQLite and a real Postgres): every
store writes, reads, isolates users and forgets through the same calls; the schema version is stored
and a newer one refused; the agent's checkpoints live in the same database."""

from __future__ import annotations

import pytest

from tests.storage.test_durable_input import FlakyEmbedder
from usermind.errors import DatabaseUnavailable
from usermind.graphs.driver import open_backend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.models import Triple
from usermind.memory import MemorySystem
from usermind.memory.models import Fact
from usermind.persona import PersonaService
from usermind.storage.contract import Storage
from usermind.storage.migrations import LATEST as SQLITE_LATEST
from usermind.storage.open import open_database
from usermind.storage.postgres_schema import LATEST as POSTGRES_LATEST
from usermind.tools import ToolPreferenceStore

USER_TABLES = {
    "kg_edits",
    "kg_entities",
    "kg_triples",
    "mem_facts",
    "mem_turns",
    "mem_usage",
    "mem_words",
    "persona_attributes",
    "persona_settings",
    "tool_preferences",
    "user_versions",
}
POSTGRES_ONLY = {"mem_lex_stats"}  # the per-user term statistics the triggers keep


def _user_tables(db) -> set[str]:
    return USER_TABLES | (POSTGRES_ONLY if db.dialect == "postgres" else set())


def _stores(db):
    mem = MemorySystem(db, FlakyEmbedder())
    return mem, PersonaService(db), ToolPreferenceStore(db), open_backend("networkx", db=db)


def _write_everything(db, user: str) -> None:
    mem, persona, tools, graph = _stores(db)
    turn = mem.add_turn(user, "s", "user", f"{user} keeps bees in the garden.")
    fact = Fact(
        id=f"f_{user}",
        user_id=user,
        subject=user,
        predicate="keeps",
        object="bees",
        text=f"{user} keeps bees",
        confidence=0.9,
        source_ids=[turn.id],
        valid_from=1.0,
        recorded_at=1.0,
        method="rules",
    )
    with db.transaction() as conn:
        mem.semantic.insert(conn, fact, FlakyEmbedder().embed([fact.text])[0])
    mem.note_used(user, [turn.id, fact.id])
    persona.set(user, "hobby", "beekeeping")
    persona.set_sensitive_allowed(user, True)
    tools.record(user, platform="maps_a", kind="stated")
    KnowledgeGraph(graph, user).add(Triple(head="user", relation="keeps", tail="bees"), reason="test")


def test_every_store_reads_back_its_writes_scoped_to_one_user(storage_url, tmp_path):
    db = open_database(tmp_path, storage_url)
    assert isinstance(db, Storage)
    _write_everything(db, "ann")
    mem, persona, tools, graph = _stores(db)
    assert sorted(m.kind for m in mem.recall("ann", "bees garden", k=5)) == ["fact", "turn"]
    assert sorted(mem.usage.recent_counts("ann", 5).values()) == [1, 1]
    assert [f.text for f in mem.semantic.list("ann")] == ["ann keeps bees"]
    assert "beekeeping" in persona.render("ann")
    assert [e.platform for e in tools.events("ann")] == ["maps_a"]
    assert [t.tail for t in KnowledgeGraph(graph, "ann").triples()] == ["bees"]
    assert set(db.user_tables()) == _user_tables(db)
    assert mem.recall("bob", "bees garden") == [] and persona.render("bob") == persona.render("nobody")
    assert db.count_user_rows("bob") == 0
    db.close()


def test_query_many_and_pinned_reads_see_every_commit_in_order(storage_url, tmp_path):
    """``query_many`` returns each statement's rows in order (one round trip on Postgres); inside
    ``pinned()`` reads share one connection and still see what other connections commit."""
    db = open_database(tmp_path, storage_url)
    mem = MemorySystem(db, FlakyEmbedder())
    mem.add_turn("ann", "s", "user", "first turn")
    count = "SELECT COUNT(*) FROM mem_turns WHERE user_id = ?"
    texts = "SELECT text FROM mem_turns WHERE user_id = ? ORDER BY seq"
    with db.pinned():
        results = db.query_many([(count, ("ann",)), (texts, ("ann",))])
        assert [[tuple(r) for r in rows] for rows in results] == [[(1,)], [("first turn",)]]
        other = open_database(tmp_path, storage_url)  # another connection (process-like) commits
        MemorySystem(other, FlakyEmbedder()).add_turn("ann", "s", "user", "second turn")
        other.close()
        assert db.query(count, ("ann",))[0][0] == 2
        with db.transaction() as conn:  # a transaction inside the pinned block is a real one
            conn.execute("UPDATE mem_turns SET text = ? WHERE user_id = ? AND seq = 0", ("edited", "ann"))
        assert [r[0] for r in db.query(texts, ("ann",))] == ["edited", "second turn"]
    assert db.query_many([]) == []
    db.close()


def test_forget_user_deletes_every_row_of_that_user_only(storage_url, tmp_path):
    db = open_database(tmp_path, storage_url)
    _write_everything(db, "ann")
    _write_everything(db, "bob")
    before = db.count_user_rows("bob")
    deleted = db.forget_user("ann")
    assert set(deleted) == _user_tables(db) and db.count_user_rows("ann") == 0
    assert db.count_user_rows("bob") == before
    db.close()
    again = open_database(tmp_path, storage_url)  # reopening migrates nothing and keeps bob
    assert again.count_user_rows("bob") == before
    again.close()


def _set_version(db, version: int) -> None:
    if db.dialect == "sqlite":
        db.query(f"PRAGMA user_version = {version}")
    else:
        db.execute("UPDATE usermind_schema SET version = ?", (version,))


def test_schema_version_is_stored_and_a_newer_database_is_refused(storage_url, tmp_path):
    db = open_database(tmp_path, storage_url)
    _write_everything(db, "ann")
    LATEST = SQLITE_LATEST if db.dialect == "sqlite" else POSTGRES_LATEST  # noqa: N806
    _set_version(db, LATEST + 1)
    db.close()
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(tmp_path, storage_url)
    message = str(caught.value)
    assert f"schema version {LATEST + 1}" in message and f"({LATEST})" in message and "\n" not in message


def _tables_mentioning(db, needle: str) -> list[str]:
    """Tables with any row holding ``needle`` in a text or binary column (checkpoint blobs included)."""
    if db.dialect == "sqlite":
        path = db.path
        data = path.read_bytes() + (
            path.with_name(path.name + "-wal").read_bytes()
            if path.with_name(path.name + "-wal").exists()
            else b""
        )
        return ["(file)"] if needle.encode() in data else []
    import psycopg

    found = []
    with psycopg.connect(db.url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        ).fetchall()
        for table, column, kind in columns:
            if kind == "bytea":
                test = f"position(convert_to(%s, 'UTF8') in \"{column}\") > 0"
            elif kind in ("text", "character varying", "jsonb", "json"):
                test = f"\"{column}\"::text LIKE '%%' || %s || '%%'"
            else:
                continue
            if conn.execute(f'SELECT 1 FROM "{table}" WHERE {test} LIMIT 1', (needle,)).fetchone():
                found.append(f"{table}.{column}")
    return found


def test_agent_checkpoints_live_in_the_database_and_forget_all_removes_them(storage_url, tmp_path):
    from usermind.agent.api import Agent
    from usermind.llm.client import LLMClient
    from usermind.storage.checkpoints import user_threads

    llm = LLMClient("openai/gpt-4o-mini", mock_response="noted", retries=0)
    with Agent(user="cy", home=tmp_path, llm=llm, database=storage_url) as agent:
        assert agent.chat("My cat is called Pixel.").text == "noted"
        assert agent.chat("What is my cat called?").text == "noted"
        assert any("Pixel" in m["text"] for m in agent.why()["kept"])
        exported = agent.export()
        assert exported["tables"]["mem_turns"] and all(exported["checkpoints"].values())
        assert user_threads(agent.db, "cy") == ["cy:main"]
        assert _tables_mentioning(agent.db, "Pixel")  # the scan below can see it
        agent.forget_all()
        assert agent.db.count_user_rows("cy") == 0 and user_threads(agent.db, "cy") == []
        assert _tables_mentioning(agent.db, "Pixel") == []  # no row, blob or vector text left
    with Agent(user="cy2", home=tmp_path, llm=llm, database=storage_url) as other:
        counts = other.import_data(exported)
        assert counts["mem_turns"] == len(exported["tables"]["mem_turns"])
        assert [m.text for m in other.memories()][:1] == ["My cat is called Pixel."]
    with Agent(user="cy2", home=tmp_path, llm=llm, database=storage_url) as other:
        assert other.history()[0]["content"] == "My cat is called Pixel."  # checkpoints came along
        assert other.db.count_user_rows("cy") == 0
