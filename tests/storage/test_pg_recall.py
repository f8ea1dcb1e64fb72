"""Recall on Postgres from the database's own indexes (pgvector HNSW + tsvector/GIN): the same ranking
as the full in-memory index on SQLite, scoped to the user in SQL, forgotten rows gone from both
indexes, no per-process copy of a user's memory, and a one-line error without pgvector."""

from __future__ import annotations

import uuid

import numpy as np
import psycopg
import pytest

from tests.storage.helpers import run_cli
from usermind.errors import DatabaseUnavailable, StorageError
from usermind.memory import MemorySystem
from usermind.memory.models import TurnIn
from usermind.memory.pg_search import vector_literal
from usermind.storage.open import open_database

SESSIONS = {
    "s1": [
        ("ann", "I moved to Lisbon from Sweden last spring."),
        ("bea", "How do you like the city so far?"),
        ("ann", "I love it, especially the tiled houses and the fresh fish."),
    ],
    "s2": [
        ("ann", "My dog Rex needs a walk twice a day."),
        ("bea", "What breed is Rex?"),
        ("ann", "He is a border collie, very energetic."),
    ],
    "s3": [
        ("ann", "I started learning the cello in September."),
        ("bea", "That's great! Who teaches you?"),
        ("ann", "A teacher from the conservatory, every Tuesday."),
    ],
}
QUERIES = [
    "Where did Ann move from?",
    "What breed is Ann's dog?",
    "Which instrument is Ann learning?",
    "What does Ann like about Lisbon?",
    "When are the cello lessons?",
]


def _fill(mem: MemorySystem, user: str) -> None:
    for session, turns in SESSIONS.items():
        items = [TurnIn(session_id=session, role="user", text=t, speaker=s, ts=1.7e9) for s, t in turns]
        mem.add_turns(user, items)


def _memory(tmp_path, url: str, embedder) -> MemorySystem:
    return MemorySystem(open_database(tmp_path, url), embedder)


def _ranked(mem: MemorySystem, user: str, query: str) -> list[tuple[str, float, dict[str, float]]]:
    return [(m.text, round(m.score, 4), m.components) for m in mem.recall(user, query, k=6, now=1.8e9)]


def test_postgres_recall_ranks_like_the_full_index_on_sqlite(tmp_path, postgres_url, embedder):
    sqlite = _memory(tmp_path, f"sqlite:///{tmp_path / 'u.sqlite3'}", embedder)
    postgres = _memory(tmp_path, postgres_url, embedder)
    for mem in (sqlite, postgres):
        _fill(mem, "ann")
        _fill(mem, "zed")  # another user with the same words: no effect on ann's statistics
    expanded = 0
    for query in QUERIES:
        ranked = _ranked(postgres, "ann", query)
        assert ranked == _ranked(sqlite, "ann", query), query
        expanded += any(components.get("expansion", 0) > 0 for _, _, components in ranked)
        found = postgres.recall("ann", query, k=6)
        kept_pg = [m.text for m in postgres.verify("ann", query, found).kept]
        kept_sq = [m.text for m in sqlite.verify("ann", query, sqlite.recall("ann", query, k=6)).kept]
        assert kept_pg == kept_sq, query
    assert expanded == len(QUERIES)  # word expansion scored on both backends, the same
    assert postgres.cache._indexes == {}  # no copy of the user's memory in this process


def test_candidates_are_scoped_to_the_user_in_sql(tmp_path, postgres_url, embedder):
    mem = _memory(tmp_path, postgres_url, embedder)
    _fill(mem, "ann")
    mem.add_turn("bob", "b1", "user", "I moved to Lisbon from Sweden, and my dog Rex plays the cello.")
    bob_ids = [m.id for m in mem.list_memories("bob")]
    assert mem.pg is not None
    query_vec = embedder.embed_one("Lisbon Sweden dog Rex cello")
    index = mem.pg.candidates("ann", query_vec, ["lisbon", "sweden", "rex", "cello"])
    assert len(index) == 9 and not set(bob_ids) & set(index.by_id)
    assert not set(mem.pg.dense_ids("ann", query_vec, 100)) & set(bob_ids)
    assert len(mem.pg.index_of("ann", bob_ids)) == 0  # another user's ids are not fetched
    assert mem.pg.corpus("bob").docs == 1 and mem.pg.corpus("ann").docs == 9
    for query in QUERIES:
        assert all(m.id not in bob_ids for m in mem.recall("ann", query, k=20))


def test_verify_reuses_the_rows_its_recall_loaded_until_a_write(tmp_path, postgres_url, embedder):
    mem = _memory(tmp_path, postgres_url, embedder)
    _fill(mem, "ann")
    queries: list[str] = []
    real = mem.db.query
    mem.db.query = lambda sql, params=(): queries.append(sql) or real(sql, params)  # type: ignore[method-assign]
    query = "What breed is Ann's dog?"
    found = mem.recall("ann", query, k=4)
    queries.clear()
    first = mem.verify("ann", query, found)
    assert not [q for q in queries if "FROM mem_turns" in q]  # no row read again
    mem.add_turns("ann", [TurnIn(session_id="s9", text="Rex turned five today.", speaker="ann")])
    queries.clear()
    again = mem.verify("ann", query, found)  # a write since the recall: rows read afresh
    assert [q for q in queries if "FROM mem_turns" in q]
    assert [m.id for m in again.kept] == [m.id for m in first.kept]
    assert first.kept and mem.verify("ann", "What breed is Rex?", found).kept  # another query: read


def _searchable(url: str, user: str, vector: np.ndarray, term: str) -> tuple[int, int]:
    """Rows of ``user`` the HNSW search and the full-text search still find."""
    with psycopg.connect(url) as conn:
        dense = conn.execute(
            "SELECT COUNT(*) FROM (SELECT id FROM mem_turns WHERE user_id = %s "
            "ORDER BY embedding <=> %s::vector LIMIT 50) t",
            (user, vector_literal(vector)),
        ).fetchone()[0]
        lexical = conn.execute(
            "SELECT COUNT(*) FROM mem_turns WHERE user_id = %s AND lex @@ %s::tsquery", (user, term)
        ).fetchone()[0]
    return dense, lexical


def test_forget_removes_vectors_and_tsvectors(tmp_path, postgres_url, embedder):
    mem = _memory(tmp_path, postgres_url, embedder)
    _fill(mem, "ann")
    vector = embedder.embed_one("cello")
    assert _searchable(postgres_url, "ann", vector, "cello") == (9, 1)
    cello = next(m for m in mem.list_memories("ann") if "cello" in m.text)
    assert mem.forget("ann", cello.id)
    assert _searchable(postgres_url, "ann", vector, "cello") == (8, 0)
    assert all("cello" not in m.text for m in mem.recall("ann", "cello", k=20))
    mem.forget_all("ann")
    assert _searchable(postgres_url, "ann", vector, "lisbon") == (0, 0)
    assert mem.recall("ann", "Lisbon", k=5) == []


def test_pending_vector_is_searchable_after_repair_and_import_is_backfilled(
    tmp_path, postgres_url, postgres_server, embedder
):
    from usermind.storage.transfer import export_user, import_user

    mem = _memory(tmp_path, postgres_url, embedder)
    mem.episodic.add("ann", [TurnIn(session_id="s", role="user", text="My cat is called Miso.")])
    assert mem.recall("ann", "cat Miso", k=3) == []  # no vector yet: not searchable (as on SQLite)
    assert mem.repair("ann") == 1
    assert [m.text for m in mem.recall("ann", "cat Miso", k=3)] == ["My cat is called Miso."]
    data = export_user(mem.db, "ann")
    assert all(k not in row for rows in data["tables"].values() for row in rows for k in ("embedding", "lex"))
    other = _memory(tmp_path, postgres_server.new_database(), embedder)
    import_user(other.db, data, "cy")  # rows arrive without search columns: filled in on first recall
    assert [m.text for m in other.recall("cy", "cat Miso", k=3)] == ["My cat is called Miso."]


def test_an_embedder_of_another_dimension_is_refused(tmp_path, postgres_url, embedder):
    _memory(tmp_path, postgres_url, embedder)

    class Small:
        dim = 8

    with pytest.raises(StorageError, match=r"vector\(384\) embeddings in mem_turns.*vector\(8\)") as caught:
        MemorySystem(open_database(tmp_path, postgres_url), Small())  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)


def test_missing_pgvector_is_a_one_line_error_naming_the_url_without_password(
    tmp_path, postgres_server, embedder
):
    """A role that may not create the extension (pgvector is not a trusted extension) on a fresh
    database: opening fails before anything is written."""
    role, secret = f"plain_{uuid.uuid4().hex[:6]}", "s3cret-pw"
    name = f"nv_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}'")
        conn.execute(f'CREATE DATABASE "{name}" OWNER {role}')
    url = postgres_server.url_for(name).replace("postgres:@", f"{role}:{secret}@", 1)
    with pytest.raises(DatabaseUnavailable, match="lacks the pgvector extension") as caught:
        open_database(tmp_path, url)
    message = str(caught.value)
    assert "\n" not in message and secret not in message and f"{role}:***@" in message
    done = run_cli(tmp_path, "export", "--user", "ann", "--db", url)
    out = (done.stderr + done.stdout).decode()
    assert done.returncode == 2 and "pgvector" in out and secret not in out
    with psycopg.connect(postgres_server.url_for(name)) as conn:
        tables = conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert tables == 0  # nothing written


def _hnsw_indexes(mem: MemorySystem) -> set[str]:
    rows = mem.db.query("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'mem_%_hnsw'")
    return {r[0] for r in rows}


def test_a_load_with_the_vector_index_deferred_ranks_like_one_without(tmp_path, postgres_url, embedder):
    """A large load drops the HNSW indexes while it writes and builds them once at the end (also when
    the load fails); recall afterwards ranks as after row-by-row inserts (the user 'eve' compared with
    'ann', the same memories written with the index in place)."""
    mem = _memory(tmp_path, postgres_url, embedder)
    assert mem.pg is not None
    _fill(mem, "ann")
    with mem.pg.search.vector_index_deferred():
        assert _hnsw_indexes(mem) == set()
        _fill(mem, "eve")
    assert _hnsw_indexes(mem) == {"mem_turns_hnsw", "mem_facts_hnsw"}
    for query in QUERIES:
        assert _ranked(mem, "eve", query) == _ranked(mem, "ann", query), query
    with pytest.raises(RuntimeError), mem.pg.search.vector_index_deferred():
        raise RuntimeError("the load failed")
    assert _hnsw_indexes(mem) == {"mem_turns_hnsw", "mem_facts_hnsw"}
