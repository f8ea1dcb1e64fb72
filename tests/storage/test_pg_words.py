"""Word expansion on Postgres (:mod:`usermind.memory.pg_words`): the user's word vectors are stored with
a pgvector copy, the expansion's stems are found in the database and equal SQLite's, a memory that
shares no word with the question is found by them, and the words go with forgotten memories.  Real
MiniLM embeddings; the SQLite tests' data and helpers (tests/memory/test_word_expansion.py)."""

from __future__ import annotations

import numpy as np

from tests.memory.test_word_expansion import QUESTION, WordlessEmbedder, _fill
from usermind.memory import MemorySystem, TurnIn
from usermind.memory.config import MemoryConfig
from usermind.memory.query import analyse
from usermind.memory.recall import expansion_terms
from usermind.memory.vocabulary import words_of_texts
from usermind.storage.open import open_database


def _words(mem: MemorySystem, user: str = "u") -> set[str]:
    """The user's stored words that have their pgvector copy."""
    rows = mem.db.query("SELECT word FROM mem_words WHERE user_id = ? AND embedding IS NOT NULL", (user,))
    return {r[0] for r in rows}


def _texts(mem: MemorySystem, user: str = "u") -> set[str]:
    return set(words_of_texts([m.text for m in mem.list_memories(user)]))


def test_the_expansion_is_sqlites_and_its_score_the_weighted_component(tmp_path, postgres_url, embedder):
    sqlite = MemorySystem(open_database(tmp_path, f"sqlite:///{tmp_path / 'u.sqlite3'}"), embedder)
    mem = MemorySystem(open_database(tmp_path, postgres_url), embedder)
    for m in (sqlite, mem):
        _fill(m)
    mem.add_turn("bob", "b", "user", "I play the saxophone and the oboe.")  # another user's words
    storage = "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'mem_words'::regclass"
    assert {r[0]: r[1] for r in mem.db.query(storage)}.items() >= {"embedding": "m", "vec": "e"}.items()
    assert _words(mem) == _texts(mem) == {r[0] for r in sqlite.db.query("SELECT word FROM mem_words")}
    index = sqlite.cache.get("u")
    info = analyse(QUESTION, index.speakers)
    expected = expansion_terms(
        index, info, sqlite.words.for_query(index, info, sqlite.query_vectors.vectors), sqlite.config
    )
    found = mem._index_for("u", QUESTION)
    assert found.expansion == expected and "clarinet" in expected
    assert not {"saxophon", "oboe"} & set(found.expansion)  # bob's words are not u's
    recalled = {m.source_ids[0]: m for m in mem.recall("u", QUESTION, k=8, now=1.8e9)}
    assert recalled["t2"].components["expansion"] > 0  # the clarinet turn
    plain = MemorySystem(mem.db, embedder, config=MemoryConfig(weights={"expansion": 0.0}))
    assert plain._index_for("u", QUESTION).expansion == []
    unexpanded = {m.source_ids[0]: m for m in plain.recall("u", QUESTION, k=8, now=1.8e9)}
    assert "expansion" not in unexpanded["t2"].components
    for sid, memory in recalled.items():
        assert np.isclose(
            memory.score - unexpanded[sid].score, 0.15 * memory.components["expansion"], atol=1e-5
        )
    assert mem._index_for("u", "Recommend an instrument I could learn.").expansion == []  # a request
    for odd in ("???", "1234 5678", "it's \\ 'quoted' \"words\" -- ; DROP TABLE mem_words", "ünïcödé wörds"):
        assert isinstance(mem.recall("u", odd, k=3), list)  # no traceback
    assert _words(mem) == _texts(mem)


def test_a_memory_sharing_no_word_with_the_question_is_a_candidate_through_the_expansion(
    tmp_path, postgres_url, embedder
):
    mem = MemorySystem(open_database(tmp_path, postgres_url), embedder)
    weather = [f"The forecast for day {i} says rain, wind and grey skies again." for i in range(12)]
    mem.add_turns("ann", [TurnIn(session_id=f"w{i}", text=t) for i, t in enumerate(weather)])
    clarinet = mem.add_turn("ann", "m", "user", "I practised the clarinet all evening.")
    question = "What instruments does she play?"
    found = mem._index_for("ann", question)
    assert "clarinet" in (found.expansion or [])
    recalled = {m.id: m for m in mem.recall("ann", question, k=3, now=1.8e9)}
    assert recalled[clarinet.id].components["expansion"] > 0
    assert mem.pg is not None  # the third candidate list: found by the expansion alone
    far = embedder.embed_one("rain wind grey skies forecast")
    assert clarinet.id not in mem.pg.candidates("ann", far, [], pool=10).by_id
    assert clarinet.id in mem.pg.candidates("ann", far, [], pool=10, expansion=["clarinet"]).by_id


def test_forgetting_keeps_the_words_others_still_hold_and_forget_all_deletes_every_word(
    tmp_path, postgres_url, embedder
):
    mem = MemorySystem(open_database(tmp_path, postgres_url), embedder)
    _fill(mem)
    clarinet = next(m for m in mem.list_memories("u") if "clarinet" in m.text)
    assert mem.forget("u", clarinet.id)
    stored = _words(mem)
    assert not {"clarinet", "practise", "unwind"} & stored and "melanie" in stored  # said elsewhere too
    assert stored == _texts(mem)  # exactly the words of the memories left
    assert mem.forget_all("u") > 0
    assert mem.db.query("SELECT COUNT(*) FROM mem_words WHERE user_id = ?", ("u",))[0][0] == 0


def test_missing_words_are_embedded_on_the_next_recall(tmp_path, postgres_url, postgres_server, embedder):
    from usermind.storage.transfer import export_user, import_user

    mem = MemorySystem(open_database(tmp_path, postgres_url), WordlessEmbedder(embedder))
    _fill(mem)  # the words could not be embedded: no error, no word
    assert _words(mem) == set()
    mem.recall("u", QUESTION, k=3)  # still failing: retried, logged
    mem.embedder = embedder
    mem.recall("u", QUESTION, k=3)
    assert _words(mem) == _texts(mem)
    mem.embedder = WordlessEmbedder(embedder)  # a failure in this process for a user that has words
    mem.add_turn("u", "S9", "user", "I bought an oboe yesterday.")
    assert "oboe" not in _words(mem)
    mem.embedder = embedder
    mem.recall("u", "Which oboe?", k=3)
    assert "oboe" in _words(mem) and _words(mem) == _texts(mem)
    other = MemorySystem(open_database(tmp_path, postgres_server.new_database()), embedder)
    import_user(other.db, export_user(mem.db, "u"), "cy")  # word vectors are not exported
    assert _words(other, "cy") == set()
    recalled = other.recall("cy", QUESTION, k=8, now=1.8e9)
    clarinet = next(m for m in recalled if "clarinet" in m.text)
    assert _words(other, "cy") == _words(mem) and clarinet.components["expansion"] > 0
