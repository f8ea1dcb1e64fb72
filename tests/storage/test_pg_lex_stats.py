"""Per-user term statistics on Postgres (``mem_lex_stats``, kept by triggers): after every kind of write
they equal a recount from the rows themselves; a forgotten memory's words leave no statistic behind;
an older database gets them counted when it migrates.  Plus the pure first-stage helpers."""

from __future__ import annotations

import psycopg

from usermind.memory import MemorySystem
from usermind.memory.config import FusionWeights
from usermind.memory.models import TurnIn
from usermind.memory.pg_candidates import Candidate, preliminary, searched_terms
from usermind.storage.open import open_database

RECOUNT = """
WITH r AS (
    SELECT user_id, lex, nterms, speaker FROM mem_turns WHERE embedding IS NOT NULL
    UNION ALL
    SELECT user_id, lex, nterms, NULL FROM mem_facts WHERE valid_to IS NULL AND embedding IS NOT NULL
)
SELECT user_id, 't', t, COUNT(*), 0 FROM r CROSS JOIN LATERAL unnest(tsvector_to_array(r.lex)) t GROUP BY 1, 3
UNION ALL SELECT user_id, 'c', '', COUNT(*), SUM(COALESCE(nterms, 0)) FROM r GROUP BY 1
UNION ALL SELECT user_id, 's', speaker, COUNT(*), 0 FROM r WHERE speaker IS NOT NULL GROUP BY 1, 3
"""


def _stats(url: str) -> set[tuple]:
    with psycopg.connect(url) as conn:
        return {tuple(r) for r in conn.execute("SELECT user_id, kind, term, docs, length FROM mem_lex_stats")}


def _recount(url: str) -> set[tuple]:
    with psycopg.connect(url) as conn:
        return {tuple(r) for r in conn.execute(RECOUNT)}


def _say(mem: MemorySystem, user: str, *texts: str, session: str = "s1", speaker: str = "ann") -> None:
    mem.add_turns(user, [TurnIn(session_id=session, text=t, speaker=speaker, ts=1.7e9) for t in texts])


def test_statistics_equal_a_recount_after_every_kind_of_write(postgres_server, tmp_path, embedder):
    url = postgres_server.new_database()
    mem = MemorySystem(open_database(tmp_path, url), embedder)
    _say(mem, "ann", "I live in Lisbon and I love the zanzibarquux pastries.", "My dog Rex is a collie.")
    _say(mem, "ann", "We talked about cello lessons.", session="s2", speaker="bea")
    _say(mem, "bob", "I live in Porto and cycle to work.", speaker="bob")
    assert _stats(url) == _recount(url) and _stats(url)
    mem.remember("ann")  # facts inserted (and indexed) by the rule extractor
    _say(mem, "ann", "I live in Madrid now.")
    mem.remember("ann")  # a newer fact of the same key invalidates the Lisbon one
    with psycopg.connect(url) as conn:
        valid, invalid = conn.execute(
            "SELECT COUNT(*) FILTER (WHERE valid_to IS NULL), COUNT(*) FILTER (WHERE valid_to IS NOT NULL) "
            "FROM mem_facts WHERE user_id = 'ann'"
        ).fetchone()
    assert valid and invalid
    assert _stats(url) == _recount(url)
    [marker] = [m for m in mem.list_memories("ann", kind="turn") if "zanzibarquux" in m.text]
    assert mem.forget("ann", marker.id)
    with psycopg.connect(url) as conn:
        assert not conn.execute("SELECT 1 FROM mem_lex_stats WHERE term LIKE 'zanzibar%'").fetchall()
    assert _stats(url) == _recount(url)
    mem.forget_all("bob")
    assert _stats(url) == _recount(url)
    assert not [s for s in _stats(url) if s[0] == "bob"]
    speakers = {s[2] for s in _stats(url) if s[0] == "ann" and s[1] == "s"}
    assert speakers == {"ann", "bea"}
    mem.db.close()


def test_a_version_4_database_gets_its_statistics_counted_on_migration(postgres_server, tmp_path, embedder):
    url = postgres_server.new_database()
    mem = MemorySystem(open_database(tmp_path, url), embedder)
    _say(mem, "ann", "I collect vintage typewriters.", "My sister lives in Oslo.")
    mem.db.close()
    expected = _recount(url)
    with psycopg.connect(url, autocommit=True) as conn:  # back to what version 4 had
        conn.execute("DROP TABLE mem_lex_stats")
        conn.execute("DROP FUNCTION usermind_lex_stats() CASCADE")
        conn.execute("UPDATE usermind_schema SET version = 4")
    mem = MemorySystem(open_database(tmp_path, url), embedder)
    assert _stats(url) == expected and expected
    _say(mem, "ann", "I also collect stamps.")  # and the triggers keep them from then on
    assert _stats(url) == _recount(url)
    assert mem.recall("ann", "What does Ann collect?", k=3)
    mem.db.close()


def test_searched_terms_are_the_rarest_within_the_budget():
    df = {"cello": 3, "lesson": 40, "like": 900, "time": 2000, "absent": 0}
    assert searched_terms(df, budget=100) == ["cello", "lesson"]
    assert searched_terms(df, budget=1000) == ["cello", "lesson", "like"]
    assert searched_terms(df, budget=10_000) == ["cello", "lesson", "like", "time"]
    assert searched_terms({"time": 2000}, budget=100) == []  # even the rarest is too common
    assert searched_terms({}) == []


def test_preliminary_ranks_by_dense_plus_normalised_lexical_and_bonuses():
    weights = FusionWeights()
    found = [
        Candidate("a", 0.50, 0.0, "ann", False),
        Candidate("b", 0.30, 8.0, "bea", False),  # best lexical: +0.5
        Candidate("c", 0.45, 0.0, "bea", True),  # fact bonus
        Candidate("a", 0.50, 0.0, "ann", False),  # found by both lists: counted once
    ]
    assert preliminary(found, weights, [], rows=3) == ["b", "a", "c"]
    assert preliminary(found, weights, ["bea"], rows=2) == ["b", "c"]  # speaker bonus 0.2
    assert preliminary([], weights, [], rows=5) == []
    heavy = FusionWeights(dense=3.0)  # a: 1.5 over b: 0.9 + 0.5, c: 1.35 + 0.02
    assert preliminary(found, heavy, [], rows=3) == ["a", "b", "c"]


def test_writes_before_the_embedding_columns_exist_do_not_fail(postgres_server, tmp_path):
    """A fresh database has no ``embedding`` column until a memory system opens it with an embedder:
    a forget (any statement on the memory tables) must not trip over the triggers."""
    db = open_database(tmp_path, postgres_server.new_database())
    assert db.forget_user("nobody") == {}
    db.close()


def test_an_import_is_backfilled_in_batches_with_exact_statistics(postgres_server, tmp_path, embedder):
    """Imported rows (turns and facts, no search columns) get them batch by batch (one UPDATE per
    batch); afterwards every row is searchable and the statistics equal a recount."""
    from usermind.storage.transfer import export_user, import_user

    source = MemorySystem(open_database(tmp_path, postgres_server.new_database()), embedder)
    texts = [f"I planted {n} tomato seedlings and a fig tree numbered {n}." for n in range(23)]
    _say(source, "ann", *texts, "I live in Lisbon with my dog Rex.")
    source.remember("ann")  # facts too
    data = export_user(source.db, "ann")
    url = postgres_server.new_database()
    mem = MemorySystem(open_database(tmp_path, url), embedder)
    import_user(mem.db, data, "cy")
    assert mem.pg is not None
    assert mem.pg.search.backfill("cy", batch=5) == sum(
        len(data["tables"][t]) for t in ("mem_turns", "mem_facts")
    )
    assert mem.pg.search.backfill("cy", batch=5) == 0  # nothing left
    with psycopg.connect(url) as conn:
        assert not conn.execute("SELECT 1 FROM mem_turns WHERE embedding IS NULL OR lex IS NULL").fetchall()
    assert _stats(url) == _recount(url) and _stats(url)
    assert any(
        "I live in Lisbon with my dog Rex." in m.text for m in mem.recall("cy", "Where do I live?", k=5)
    )
    source.db.close()
    mem.db.close()
