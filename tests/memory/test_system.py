"""The facade end to end: ingest, recall, verify, remember, control, isolation."""

import pytest

from usermind.errors import ConfigError
from usermind.memory import MemorySystem, TurnIn

FACTS = [
    "I live in Berlin and I love hiking in the mountains.",
    "My dog's name is Rex and he is a golden retriever.",
    "I work as a nurse at the children's hospital.",
    "I'm allergic to peanuts, so please keep that in mind.",
]


def _fill(mem: MemorySystem, user: str = "alice") -> None:
    for i, text in enumerate(FACTS):
        mem.add_turn(user, "s1", "user", text, ts=1_700_000_000 + i * 60)
        mem.add_turn(user, "s1", "assistant", "Thanks for telling me.", ts=1_700_000_030 + i * 60)


def test_add_turn_is_durable_and_ordered(mem, db, embedder):
    _fill(mem)
    fresh = MemorySystem(db, embedder)  # a new process would see the same rows
    turns = fresh.list_memories("alice", kind="turn")
    assert [m.text for m in turns[::2]] == FACTS
    assert fresh.episodic.list("alice")[3].seq == 3


def test_recall_ranks_the_relevant_turn_first_with_components(mem):
    _fill(mem)
    found = mem.recall("alice", "What is my dog called?", k=3)
    assert "Rex" in found[0].text
    assert set(found[0].components) >= {"dense", "lexical", "neighbour"}
    assert found[0].score >= found[1].score
    assert found[0].session_id == "s1"


def test_recall_sees_turns_added_after_the_index_was_built(mem):
    _fill(mem)
    mem.recall("alice", "dog", k=2)  # builds the cached index
    mem.add_turn("alice", "s2", "user", "My favourite band is Radiohead.")
    assert "Radiohead" in mem.recall("alice", "Which band do I like best?", k=1)[0].text


def test_users_are_isolated(mem):
    _fill(mem, "alice")
    mem.add_turn("bob", "s1", "user", "I collect vintage typewriters.")
    assert all("typewriter" not in m.text for m in mem.recall("alice", "typewriters", k=10))
    assert [m.text for m in mem.recall("bob", "What do I collect?", k=5)] == [
        "I collect vintage typewriters."
    ]


def test_verify_keeps_relevant_and_refuses_general_questions(mem):
    _fill(mem)
    query = "Which food am I allergic to?"
    personal = mem.verify("alice", query, mem.recall("alice", query, k=5))
    assert personal.personalize and "peanuts" in personal.kept[0].text
    assert all(d.reason for d in personal.dropped)
    general = "How do I convert Celsius to Fahrenheit?"
    result = mem.verify("alice", general, mem.recall("alice", general, k=5))
    assert not result.personalize and result.kept == []
    assert "does not ask about the user" in result.reason


def test_sycophancy_guard_on_a_fake_shared_memory(mem):
    _fill(mem)
    query = "Remember when I went skydiving in Peru last summer?"
    result = mem.verify("alice", query, mem.recall("alice", query, k=5))
    assert [g.kind for g in result.guards] == ["sycophancy"]
    assert "no such memory" in result.reason and result.kept == []
    real = "Remember when I told you about my dog Rex?"
    assert not mem.verify("alice", real, mem.recall("alice", real, k=5)).guards


def test_repetition_guard_after_repeated_use(mem):
    _fill(mem)
    query = "Any hiking ideas for my weekend?"
    first = mem.verify("alice", query, mem.recall("alice", query, k=3))
    assert first.kept and not first.guards
    for _ in range(3):
        mem.note_used("alice", [first.kept[0].id])
    again = mem.verify("alice", query, mem.recall("alice", query, k=3))
    assert [g.kind for g in again.guards] == ["repetition"]
    assert first.kept[0].id in again.guards[0].memory_ids


def test_a_preference_a_request_must_respect_survives_the_repetition_guard():
    """The guard against repeating memories never drops a stated preference or constraint a request
    bears on (an allergy applies to every meal); a memory only matched by topic is still dropped."""
    from usermind.memory.config import VerifyConfig
    from usermind.memory.models import Memory
    from usermind.memory.query import analyse
    from usermind.memory.verify import Signals, verify_rules

    info = analyse("Can you recommend a dinner place for tonight?", set())
    assert info.wants_preferences
    allergy = Memory(id="t_1", kind="turn", text="I'm allergic to peanuts.", components={"dense": 0.3})
    asked = Memory(id="t_2", kind="turn", text="Which places are open late?", components={"dense": 0.5})
    signals = [
        Signals(dense=0.3, overlap=0.0, neighbour=0.0, stated=True, bearing=0.7),
        Signals(dense=0.5, overlap=0.5, neighbour=0.0, stated=False, bearing=0.5),
    ]
    cfg = VerifyConfig()
    fresh = verify_rules(info, [allergy, asked], signals, uses={}, claim_support=None, cfg=cfg)
    assert [m.id for m in fresh.kept] == ["t_1"]
    used = {"t_1": cfg.repetition_limit, "t_2": cfg.repetition_limit}
    again = verify_rules(info, [allergy, asked], signals, uses=used, claim_support=None, cfg=cfg)
    assert [m.id for m in again.kept] == ["t_1"]  # still respected
    assert [g.kind for g in again.guards] == ["repetition"]  # ... and not mentioned again
    question = analyse("What did I say about peanuts?", set())
    plain = verify_rules(question, [allergy], signals[:1], uses=used, claim_support=None, cfg=cfg)
    assert plain.kept == [] and "already used" in plain.dropped[0].reason


def test_remember_extracts_facts_once_and_invalidates_contradictions(mem):
    _fill(mem)
    changes = mem.remember("alice")
    assert {c.fact.text for c in changes} >= {"User lives in Berlin", "User is allergic to peanuts"}
    assert mem.remember("alice") == []  # idempotent: nothing pending
    mem.add_turn("alice", "s2", "user", "I moved to Munich last month.", ts=1_700_500_000)
    (change,) = [c for c in mem.remember("alice") if c.fact.predicate == "lives_in"]
    assert change.op == "update" and change.previous.object == "Berlin" and change.fact.object == "Munich"
    history = mem.fact_history("alice", "User", "lives_in")
    assert [h.text for h in history] == ["User lives in Berlin", "User lives in Munich"]
    assert history[0].valid_to == 1_700_500_000 and history[0].invalidated_by == change.fact.id
    current = [m.text for m in mem.list_memories("alice", kind="fact")]
    assert "User lives in Munich" in current and "User lives in Berlin" not in current
    top = mem.recall("alice", "Where do I live now?", k=10)
    assert all(m.id != history[0].id for m in top)  # invalidated facts are not recalled


def test_remember_resumes_after_a_crash(mem, monkeypatch):
    _fill(mem)
    calls = {"n": 0}
    original = mem.consolidator._apply

    def crash_once(user_id, batch, candidates, method):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("killed")
        return original(user_id, batch, candidates, method)

    monkeypatch.setattr(mem.consolidator, "_apply", crash_once)
    with pytest.raises(RuntimeError):
        mem.remember("alice")
    assert len(mem.episodic.pending("alice")) == 8 and mem.list_memories("alice", kind="fact") == []
    assert mem.remember("alice")
    texts = [m.text for m in mem.list_memories("alice", kind="fact")]
    assert len(texts) == len(set(texts))


def test_forget_by_id_query_and_all(mem, db):
    _fill(mem)
    mem.remember("alice")
    dog = next(m for m in mem.recall("alice", "my dog Rex", k=3) if m.kind == "turn")
    assert mem.forget("alice", dog.id) and mem.get("alice", dog.id) is None
    assert not mem.forget("alice", dog.id)
    assert all("Rex" not in m.text for m in mem.list_memories("alice", include_invalid=True))
    removed = mem.forget_query("alice", "peanuts allergy")
    assert removed >= 1 and all("peanut" not in m.text for m in mem.list_memories("alice"))
    mem.add_turn("bob", "s", "user", "I like chess.")
    mem.forget_all("alice")
    assert mem.list_memories("alice") == [] and mem.recall("alice", "hiking", k=5) == []
    assert db.count_user_rows("alice") == 0 and len(mem.list_memories("bob")) == 1


def test_export_contains_turns_and_fact_history(mem):
    _fill(mem)
    mem.remember("alice")
    mem.add_turn("alice", "s2", "user", "I moved to Paris.")
    mem.remember("alice")
    data = mem.export("alice")
    assert len(data["turns"]) == 9
    lives = [f for f in data["facts"] if f["predicate"] == "lives_in"]
    assert len(lives) == 2 and sum(f["valid_to"] is None for f in lives) == 1


def test_batched_ingest_keeps_sources_and_rejects_bad_user(mem):
    turns = mem.add_turns(
        "carol",
        [
            TurnIn(session_id="D1", text="We adopted a cat.", speaker="Carol", source_id="D1:1", ts=1.0),
            TurnIn(session_id="D1", text="Her name is Luna.", speaker="Dan", source_id="D1:2", ts=2.0),
        ],
    )
    assert [t.source_id for t in turns] == ["D1:1", "D1:2"]
    assert mem.recall("carol", "cat name", k=1)[0].source_ids in (["D1:1"], ["D1:2"])
    with pytest.raises(ConfigError):
        mem.add_turn("../etc", "s", "user", "hi")
