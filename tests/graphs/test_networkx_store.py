"""networkx-specific guarantees: SQLite persistence and Database.forget_user coverage."""

from __future__ import annotations

from usermind.graphs.driver import open_backend
from usermind.graphs.models import Triple
from usermind.storage.db import Database


def test_graph_survives_a_restart_and_forget_user_clears_it(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    b = open_backend("networkx", db=db)
    tr = b.upsert_triple("alice", Triple(head="user", relation="likes", tail="rock", polarity="likes")).after
    b.upsert_triple("bob", Triple(head="user", relation="likes", tail="pop", polarity="likes"))
    db.close()
    db2 = Database(tmp_path / "a.sqlite3")
    b2 = open_backend("networkx", db=db2)
    assert b2.list_triples("alice") == [tr]
    assert set(b2.graph("alice").nodes) == {"user", "rock"}
    assert db2.forget_user("alice")["kg_triples"] == 1
    b2.forget_cache("alice")
    assert b2.list_triples("alice") == []
    assert [x.tail for x in b2.list_triples("bob")] == ["pop"]
