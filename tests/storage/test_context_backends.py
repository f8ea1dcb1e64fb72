"""A long recall brings the conversation around its best hit into its late slots, on every backend
(SQLite's full index, Postgres's candidates with their session neighbours).  Real MiniLM embedder."""

from __future__ import annotations

from usermind.memory import MemorySystem
from usermind.memory.config import MemoryConfig
from usermind.storage.open import open_database


def _conversation(mem: MemorySystem) -> None:
    ts = 1_700_000_000
    lines = [
        ("s1", "Morning! Busy week at work again."),
        ("s1", "Same here, the quarterly report is due."),
        ("s1", "We finally adopted a puppy from the shelter on Saturday."),
        ("s1", "That's wonderful news, congratulations!"),
        ("s1", "She's a border collie mix called Pixel."),
        ("s1", "I can't wait to meet her."),
    ]
    lines += [("s2", f"The dog park near the river is nice for dogs, day {i}.") for i in range(6)]
    lines += [("s3", f"My neighbour's dog barks a lot, note {i}.") for i in range(6)]
    for i, (session, text) in enumerate(lines):
        mem.add_turn("alice", session, "user" if i % 2 == 0 else "assistant", text, ts=ts + 60 * i)


def test_a_long_recall_brings_the_conversation_around_its_best_hit(tmp_path, storage_url, embedder):
    db = open_database(tmp_path, storage_url)
    question = "When did we adopt the puppy from the shelter?"
    on = MemorySystem(db, embedder, config=MemoryConfig(context_from=1, context_hits=1, context_bonus=5.0))
    _conversation(on)
    found = on.recall("alice", question, k=5)
    assert "adopted a puppy" in found[0].text
    assert {m.text for m in found[1:]} == {
        "Morning! Busy week at work again.",
        "Same here, the quarterly report is due.",
        "That's wonderful news, congratulations!",
        "She's a border collie mix called Pixel.",
    }
    assert all(m.components["context"] == 5.0 for m in found[1:])
    off = MemorySystem(db, embedder, config=MemoryConfig(context_from=None))
    plain = off.recall("alice", question, k=5)
    assert plain[0].text == found[0].text
    assert "Morning! Busy week at work again." not in {m.text for m in plain}
    assert all("context" not in m.components for m in plain)
    short = on.recall("alice", question, k=1)  # no slot past the first: nothing changes
    assert "context" not in short[0].components
    db.close()


def test_on_postgres_a_long_recall_loads_the_turns_two_away_from_its_candidates(
    tmp_path, postgres_url, embedder
):
    # 10 candidates per list: dog notes fill them, and "Morning! ..." (two turns before the best hit,
    # sharing no word with the question) is neither a candidate nor a candidate's next neighbour
    config = MemoryConfig(
        candidate_pool=10, candidate_rows=10, context_from=1, context_hits=1, context_bonus=5.0
    )
    memory = MemorySystem(open_database(tmp_path, postgres_url), embedder, config=config)
    try:
        _conversation(memory)
        for i in range(30):
            memory.add_turn(
                "alice", "s4", "user", f"Shelter puppies need walks too, note {i}.", ts=1_700_010_000 + i
            )
        found = memory.recall("alice", "When did we adopt the puppy from the shelter?", k=5)
        assert "adopted a puppy" in found[0].text
        assert "Morning! Busy week at work again." in {m.text for m in found}
    finally:
        memory.db.close()
