"""Caches are checked against the database before they answer: two connections on one home (as two
processes have) never see each other's stale memory index or graph."""

from tests.storage.test_durable_input import FlakyEmbedder
from usermind.graphs.driver.networkx_driver import NetworkXBackend
from usermind.graphs.graph import KnowledgeGraph
from usermind.graphs.models import Triple
from usermind.memory import MemorySystem
from usermind.storage.open import open_database


def _pair(url, tmp_path):
    """Two connections to one database (SQLite and Postgres: the ``storage_url`` fixture)."""
    return (
        MemorySystem(open_database(tmp_path, url), FlakyEmbedder()),
        MemorySystem(open_database(tmp_path, url), FlakyEmbedder()),
    )


def test_forget_in_one_connection_is_never_recalled_by_the_other(storage_url, tmp_path):
    a, b = _pair(storage_url, tmp_path)
    a.add_turn("ada", "s", "user", "The vault code is 9911.")
    assert any("9911" in m.text for m in b.recall("ada", "vault code", k=3))  # b has built its index
    a.forget_all("ada")
    assert b.recall("ada", "vault code", k=3) == []
    assert b.list_memories("ada") == []


def test_turns_written_by_the_other_connection_are_recalled(storage_url, tmp_path):
    a, b = _pair(storage_url, tmp_path)
    a.add_turn("ada", "s", "user", "I play the cello.")
    assert len(b.recall("ada", "cello", k=5)) == 1
    for i in range(5):
        (a if i % 2 else b).add_turn("ada", "s", "user", f"note number {i} about cello")
    assert len(a.recall("ada", "cello", k=10)) == 6 and len(b.recall("ada", "cello", k=10)) == 6


def test_forgetting_one_memory_elsewhere_drops_it_here(storage_url, tmp_path):
    a, b = _pair(storage_url, tmp_path)
    turn = a.add_turn("ada", "s", "user", "My locker is number 12.")
    a.add_turn("ada", "s", "user", "I swim on Mondays.")
    assert len(b.recall("ada", "locker swim", k=5)) == 2
    assert a.forget("ada", turn.id)
    assert [m.text for m in b.recall("ada", "locker swim", k=5)] == ["I swim on Mondays."]


def test_own_writes_keep_the_index_without_a_rebuild(storage_url, tmp_path):
    a, b = _pair(storage_url, tmp_path)
    a.add_turn("ada", "s", "user", "first")
    index = a.cache.get("ada")
    b.add_turn("bob", "s", "user", "another user's turn")  # another connection commits: token check
    a.add_turn("ada", "s", "user", "second")
    assert a.cache.get("ada") is index and len(index) == 2  # same object, kept in step, not rebuilt


def test_graph_cache_sees_the_other_connections_writes_and_deletes(storage_url, tmp_path):
    one = NetworkXBackend(open_database(tmp_path, storage_url))
    two = NetworkXBackend(open_database(tmp_path, storage_url))
    kg_one, kg_two = KnowledgeGraph(one, "ada"), KnowledgeGraph(two, "ada")
    kg_one.add(Triple(head="user", relation="likes", tail="Zqx tea"), reason="test")
    assert [t.tail for t in kg_two.triples()] == ["Zqx tea"]
    two.delete_user("ada")
    assert kg_one.triples() == []
    kg_two.add(Triple(head="user", relation="likes", tail="coffee"), reason="test")
    assert [t.tail for t in kg_one.triples()] == ["coffee"]
