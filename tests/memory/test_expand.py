"""The recall stages of memory/expand.py (pure functions) and their effect through MemorySystem."""

import numpy as np
import pytest

from usermind.memory import MemorySystem, TurnIn
from usermind.memory.config import MemoryConfig
from usermind.memory.expand import feedback_terms, session_groups, session_support, with_feedback
from usermind.memory.query import analyse, without_speakers


def test_session_support_is_the_best_score_of_the_rows_session():
    base = np.array([0.1, 0.7, 0.3, 0.2, 0.5], dtype=np.float32)
    sessions = np.array([0, 0, 1, 1, -1])  # the last row (a fact) has no session
    support = session_support(base, session_groups(sessions))
    assert support.tolist() == pytest.approx([0.7, 0.7, 0.3, 0.3, 0.5])
    empty = np.zeros(0, dtype=np.int64)
    assert session_support(np.zeros(0, dtype=np.float32), session_groups(empty)).size == 0
    facts_only = np.array([-1, -1])
    assert session_support(base[:2], session_groups(facts_only)).tolist() == pytest.approx([0.1, 0.7])


def test_session_support_matches_a_per_session_maximum_on_interleaved_sessions():
    rng = np.random.default_rng(3)
    sessions = rng.integers(-1, 40, size=2_000)  # sessions interleaved in row order, some rows without
    base = rng.random(2_000, dtype=np.float32)
    support = session_support(base, session_groups(sessions))
    for row in range(0, 2_000, 37):
        code = sessions[row]
        expected = base[row] if code < 0 else base[sessions == code].max()
        assert support[row] == expected


def test_session_support_without_a_gather_when_rows_are_in_session_order():
    """Turns appended session by session (every row with a session, in order) skip the gather and the
    scatter: same values as the general path."""
    rng = np.random.default_rng(5)
    sessions = np.repeat(np.arange(50), rng.integers(1, 30, size=50))
    base = rng.random(len(sessions), dtype=np.float32)
    groups = session_groups(sessions)
    assert groups.in_place and not session_groups(sessions[::-1]).in_place
    assert not session_groups(np.r_[sessions, -1]).in_place  # a fact without a session
    general = session_support(base, groups._replace(in_place=False))
    np.testing.assert_array_equal(session_support(base, groups), general)


def test_feedback_terms_weigh_rare_words_of_the_first_hits_and_skip_the_question():
    idf = {"sweden": 3.0, "home": 1.0, "country": 1.5, "necklace": 2.0}.get
    hits = [["home", "country", "sweden"], ["home", "country", "necklace"], ["sweden"]]
    terms = feedback_terms(hits, ["home"], lambda t: idf(t, 0.0), n=2)
    assert terms == ["sweden", "country"]  # 6.0 and 3.0; "home" was asked, "necklace" 2.0 is third
    assert feedback_terms([], ["x"], lambda t: 1.0, n=3) == []


def test_with_feedback_blends_and_renormalises():
    lexical = np.array([1.0, 0.0, 0.5], dtype=np.float32)
    feedback = np.array([0.0, 4.0, 2.0], dtype=np.float32)
    blended = with_feedback(lexical, feedback, 0.5)
    # 1.0, 0 + 0.5 * 1.0 (found by the second hop only), 0.5 + 0.5 * 0.5; the best stays 1.0
    assert blended.tolist() == pytest.approx([1.0, 0.5, 0.75])
    assert with_feedback(lexical, np.zeros(3, dtype=np.float32), 0.5) is lexical
    assert with_feedback(lexical, feedback, 0.0) is lexical


def test_query_embedding_text_leaves_out_named_speakers():
    assert without_speakers("What did Melanie's kids like?", ["Melanie"]) == "What did kids like?"
    both = ["Melanie", "Caroline"]
    assert without_speakers("Did Mel and Caroline go camping?", both) == "Did and go camping?"
    assert without_speakers("Who is Jon?", ["Jon"]) == "Who is Jon?"  # nothing left to search for
    info = analyse("What did Melanie paint?", {"Melanie", "Caroline"})
    assert info.dense_text == "What did paint?" and info.text == "What did Melanie paint?"
    assert analyse("What did I paint?", set()).dense_text == "What did I paint?"


def _bridge_turns() -> list[TurnIn]:
    """The answer ("Sweden") shares no word with the question; the turn that does names "home country"."""
    said = [
        ("S1", "Caroline", "My friends have been there for me ever since I moved from my home country."),
        ("S1", "Melanie", "That's lovely, friends like that are rare."),
        ("S2", "Caroline", "This necklace is a gift from my grandma back in my home country, Sweden."),
        ("S2", "Melanie", "It's beautiful! Jewellery with a story is the best."),
    ]
    filler = [
        ("S3", "Melanie", "We took the kids to the beach and built sandcastles all day."),
        ("S3", "Caroline", "I started a pottery class, the clay is so relaxing."),
        ("S4", "Melanie", "My cat Luna knocked over the plant again this morning."),
        ("S4", "Caroline", "I have been reading a lot of science fiction lately."),
        ("S5", "Melanie", "Work has been busy, we launched a new product line."),
        ("S5", "Caroline", "I went to a concert downtown, the band played for three hours."),
    ]
    return [
        TurnIn(session_id=s, text=text, speaker=speaker, ts=1_700_000_000.0 + i, source_id=f"t{i}")
        for i, (s, speaker, text) in enumerate(said + filler)
    ]


def _rank(mem: MemorySystem, question: str, source: str) -> tuple[int, float]:
    """The rank of the turn with ``source`` and its lexical component."""
    found = mem.recall("u", question, k=10, now=1_800_000_000.0)
    rank = next(i for i, m in enumerate(found) if source in m.source_ids)
    return rank, found[rank].components["lexical"]


def test_second_hop_reaches_the_bridged_turn(db, embedder):
    question = "Where did Caroline move from?"
    plain = MemoryConfig(feedback_docs=0)
    mem = MemorySystem(db, embedder, config=plain)
    mem.add_turns("u", _bridge_turns())
    without = _rank(mem, question, "t2")
    mem.config = MemoryConfig()
    with_hop = _rank(mem, question, "t2")
    # the second hop ("home country" from the first hit) lifts the answer turn's lexical score and rank
    assert with_hop[0] < without[0] and with_hop[1] > without[1]
    found = mem.recall("u", question, k=10, now=1_800_000_000.0)
    assert all("session" in m.components for m in found)
