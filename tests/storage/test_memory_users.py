"""``MemorySystem.users``: the users with memories, by id prefix and paged, on SQLite and Postgres
(what ``UsermindStore.list_namespaces`` lists)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from tests.storage.test_durable_input import FlakyEmbedder
from usermind.memory import MemorySystem
from usermind.storage.open import open_database


def test_users_by_prefix_and_page(storage_url, tmp_path):
    with closing(open_database(Path(tmp_path), storage_url)) as db:
        mem = MemorySystem(db, FlakyEmbedder())
        for user in ("acme@b", "acme@a", "acme@c", "globex@a", "acmeco@z", "solo"):
            mem.add_turn(user, "s", "user", f"{user} likes tea.")
        assert mem.users("acme@") == ["acme@a", "acme@b", "acme@c"]
        assert set(mem.users()) == {"acme@a", "acme@b", "acme@c", "globex@a", "acmeco@z", "solo"}
        pages = [mem.users("acme@", offset=o, limit=2) for o in (0, 2, 4)]
        assert pages == [["acme@a", "acme@b"], ["acme@c"], []]
        assert mem.users("acme@", offset=1) == ["acme@b", "acme@c"]
        mem.forget_all("acme@b")
        assert mem.users("acme@") == ["acme@a", "acme@c"]  # a user whose turns are gone is not listed
