"""LLM query decomposition (``memory.llm_decompose``): rank fusion, the sub-queries' cleaning and cache,
and recall through MemorySystem with a litellm ``mock_response`` model and with a failing one."""

from usermind.llm.client import LLMClient
from usermind.memory import MemoryConfig, MemorySystem, TurnIn
from usermind.memory.decompose import QueryDecomposer, clean_queries, merge_rankings
from usermind.memory.models import Memory


def _mems(*ids):
    return [Memory(id=i, kind="turn", text=i) for i in ids]


def test_merge_rankings_gives_the_last_quarter_to_what_only_the_sub_queries_found():
    own = _mems("a", "b", "c", "d", "e", "f", "g", "h")
    first, second = _mems("x", "c", "y"), _mems("y", "z")
    merged = merge_rankings(own, [first, second], k=8)
    # 2 of 8 slots: y (1/63 + 1/61), then x (1/61) before z (1/62) and own's g and h (1/67, 1/68)
    assert [m.id for m in merged] == ["a", "b", "c", "d", "e", "f", "y", "x"]
    assert merged[6] is first[2]  # the first ranking's entry of "y"
    assert [m.id for m in merge_rankings(own, [_mems("a", "b")], k=8)] == [m.id for m in own]
    assert [m.id for m in merge_rankings(own[:3], [[]], k=8)] == ["a", "b", "c"]
    assert [m.id for m in merge_rankings(_mems("a"), [_mems("q")], k=2)] == ["a", "q"]


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
        TurnIn(
            session_id="s5", text="John's martial arts film collection is huge.", speaker="Maria", ts=10.0
        ),
        TurnIn(session_id="s5", text="Has John done the modern arts tour?", speaker="Maria", ts=11.0),
        TurnIn(
            session_id="s5", text="What has John done with the old arts studio?", speaker="Maria", ts=12.0
        ),
        TurnIn(
            session_id="s6", text="John said martial arts tournaments are on TV.", speaker="Maria", ts=13.0
        ),
        TurnIn(session_id="s6", text="The arts centre John runs has done well.", speaker="Maria", ts=14.0),
        TurnIn(session_id="s6", text="Martial arts history fascinates John.", speaker="Maria", ts=15.0),
    ]


def test_recall_merges_the_sub_queries_recalls_and_asks_the_model_once_per_question(db, embedder):
    answer = "1. John kickboxing classes\n2. John taekwondo as a teenager"
    llm = CountingClient("openai/gpt-4o-mini", mock_response=answer)
    CountingClient.calls = 0
    mem = MemorySystem(db, embedder, llm=llm, config=MemoryConfig(llm_decompose=True))
    mem.add_turns("u", _conversation())
    question = "What martial arts has John done?"
    plain = MemorySystem(db, embedder).recall("u", question, k=8)
    merged = mem.recall("u", question, k=8)
    texts = [m.text for m in merged]
    assert any("kickboxing" in t for t in texts) and any("Taekwondo" in t for t in texts)
    plain_texts = [m.text for m in plain]
    assert not all(any(w in t for t in plain_texts) for w in ("kickboxing", "Taekwondo"))  # found only so
    assert CountingClient.calls == 1
    mem.recall("u", question, k=8)
    assert CountingClient.calls == 1  # cached
    assert isinstance(mem.decomposer, QueryDecomposer)


def test_a_request_is_not_split_so_its_preference_slots_stay(db, embedder):
    """A request's last slots hold the stated preferences that bear on it; fusing sub-queries into them
    would cut those, so a request is recalled as is and the model is not asked."""
    llm = CountingClient("openai/gpt-4o-mini", mock_response="1. cheap eats\n2. quiet restaurants")
    CountingClient.calls = 0
    mem = MemorySystem(db, embedder, llm=llm, config=MemoryConfig(llm_decompose=True))
    mem.add_turns("u", [*_conversation(), TurnIn(session_id="s7", text="I'm vegetarian.", ts=16.0)])
    request = "Suggest a dinner place for tonight."
    expected = [m.id for m in MemorySystem(db, embedder).recall("u", request, k=8)]
    found = mem.recall("u", request, k=8)
    assert [m.id for m in found] == expected and "I'm vegetarian." in [m.text for m in found]
    assert CountingClient.calls == 0
    mem.recall("u", "What martial arts has John done?", k=8)
    assert CountingClient.calls == 1  # a question still is


def test_a_failing_model_leaves_the_plain_recall(db, embedder, caplog):
    broken = LLMClient("openai/gpt-4o-mini", mock_response=RuntimeError("the model is down"), retries=0)
    mem = MemorySystem(db, embedder, llm=broken, config=MemoryConfig(llm_decompose=True))
    mem.add_turns("u", _conversation())
    question = "What martial arts has John done?"
    expected = [m.id for m in MemorySystem(db, embedder).recall("u", question, k=8)]
    assert [m.id for m in mem.recall("u", question, k=8)] == expected
    assert "query decomposition failed" in caplog.text


def test_decomposition_is_off_by_default_and_without_a_model(db, embedder):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="{}")
    assert MemorySystem(db, embedder, llm=llm).decomposer is None
    assert MemorySystem(db, embedder, config=MemoryConfig(llm_decompose=True)).decomposer is None


def test_the_agent_hands_its_model_to_the_memory_when_decomposition_is_on(tmp_path):
    """Through ``Agent`` (generator and decomposer: litellm ``mock_response``): with the setting the
    memory system gets the agent's model; without it, no model call is spent on sub-queries."""
    from usermind import Agent
    from usermind.memory.config import MemoryConfig as Config
    from usermind.settings import Settings

    llm = LLMClient("openai/gpt-4o-mini", mock_response="John kickboxing classes")
    on = Settings(memory=Config(llm_decompose=True))
    with Agent("ana", home=tmp_path / "on", llm=llm, settings=on) as agent:
        assert isinstance(agent.memory.decomposer, QueryDecomposer) and agent.memory.llm is llm
        agent.chat("I started kickboxing classes this spring.")
        assert agent.memory.decomposer.queries("What martial arts do I do?") == ["John kickboxing classes"]
    with Agent("ana", home=tmp_path / "off", llm=llm) as agent:
        assert agent.memory.decomposer is None
