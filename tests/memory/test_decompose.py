"""LLM query decomposition (``memory.llm_decompose``): rank fusion, the sub-queries' cleaning and cache,
and recall through MemorySystem with a litellm ``mock_response`` model and with a failing one."""

from usermind.llm.client import LLMClient
from usermind.memory import MemoryConfig, MemorySystem, TurnIn
from usermind.memory.decompose import QueryDecomposer, clean_queries, merge_rankings
from usermind.memory.models import Memory


def _mems(*ids):
    return [Memory(id=i, kind="turn", text=i) for i in ids]


def test_merge_rankings_fuses_reciprocal_ranks_and_keeps_first_entries():
    first = _mems("a", "b", "c")
    second = _mems("c", "d")
    merged = merge_rankings([first, second], k=4)
    # c: 1/63 + 1/61 beats a: 1/61; b: 1/62 beats d: 1/62? equal -> first seen (b) first
    assert [m.id for m in merged] == ["c", "a", "b", "d"]
    assert merged[0] is first[2]  # the first ranking's entry of "c"
    assert [m.id for m in merge_rankings([first, second], k=2)] == ["c", "a"]
    assert merge_rankings([[], []], k=3) == []


def test_clean_queries_drops_blanks_repeats_and_the_question_and_caps_the_count():
    question = "What martial arts has John done?"
    raw = [
        " John tried  kickboxing ",
        "",
        "what martial arts has john done?",
        "John tried kickboxing",
        "a",
        "b",
    ]
    assert clean_queries(raw, question, 2) == ["John tried kickboxing", "a"]


class CountingClient(LLMClient):
    calls = 0

    def complete(self, *args, **kwargs):
        type(self).calls += 1
        return super().complete(*args, **kwargs)


def _conversation():
    return [
        TurnIn(session_id="s1", text="Work has been hectic this month.", speaker="John", ts=1.0),
        TurnIn(session_id="s1", text="I finally signed up for kickboxing classes!", speaker="John", ts=2.0),
        TurnIn(session_id="s2", text="The weather was lovely at the lake.", speaker="Maria", ts=3.0),
        TurnIn(session_id="s2", text="Taekwondo was my thing as a teenager.", speaker="John", ts=4.0),
        TurnIn(session_id="s3", text="We watched a film about sharks.", speaker="Maria", ts=5.0),
        # words of the question without its answer
        TurnIn(
            session_id="s4", text="Have you done the arts and crafts fair yet, John?", speaker="Maria", ts=6.0
        ),
        TurnIn(session_id="s4", text="John, martial law films are so grim.", speaker="Maria", ts=7.0),
        TurnIn(session_id="s4", text="John has done all the arts homework already.", speaker="Maria", ts=8.0),
        TurnIn(session_id="s4", text="Martial arts movies are what John watches.", speaker="Maria", ts=9.0),
    ]


def test_recall_merges_the_sub_queries_recalls_and_asks_the_model_once_per_question(db, embedder):
    answer = "1. John kickboxing classes\n2. John taekwondo as a teenager"
    llm = CountingClient("openai/gpt-4o-mini", mock_response=answer)
    CountingClient.calls = 0
    mem = MemorySystem(db, embedder, llm=llm, config=MemoryConfig(llm_decompose=True))
    mem.add_turns("u", _conversation())
    question = "What martial arts has John done?"
    plain = MemorySystem(db, embedder).recall("u", question, k=3)
    merged = mem.recall("u", question, k=3)
    texts = [m.text for m in merged]
    assert any("kickboxing" in t for t in texts) and any("Taekwondo" in t for t in texts)
    plain_texts = [m.text for m in plain]
    assert not all(any(w in t for t in plain_texts) for w in ("kickboxing", "Taekwondo"))  # found only so
    assert CountingClient.calls == 1
    mem.recall("u", question, k=3)
    assert CountingClient.calls == 1  # cached
    assert isinstance(mem.decomposer, QueryDecomposer)


def test_a_failing_model_leaves_the_plain_recall(db, embedder, caplog):
    broken = LLMClient("openai/gpt-4o-mini", mock_response=RuntimeError("the model is down"), retries=0)
    mem = MemorySystem(db, embedder, llm=broken, config=MemoryConfig(llm_decompose=True))
    mem.add_turns("u", _conversation())
    question = "What martial arts has John done?"
    expected = [m.id for m in MemorySystem(db, embedder).recall("u", question, k=3)]
    assert [m.id for m in mem.recall("u", question, k=3)] == expected
    assert "query decomposition failed" in caplog.text


def test_decomposition_is_off_by_default_and_without_a_model(db, embedder):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="{}")
    assert MemorySystem(db, embedder, llm=llm).decomposer is None
    assert MemorySystem(db, embedder, config=MemoryConfig(llm_decompose=True)).decomposer is None
