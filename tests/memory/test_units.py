"""Pure pieces: text, BM25, fusion, temporal, query analysis, rule extraction, reconciliation."""

import numpy as np

from usermind.memory.config import FusionWeights
from usermind.memory.extraction.candidates import Candidate
from usermind.memory.extraction.rules import extract_rules
from usermind.memory.lexical import BM25Index
from usermind.memory.models import Fact, Turn
from usermind.memory.query import analyse, memory_claim
from usermind.memory.reconcile import plan
from usermind.memory.scoring import fuse, neighbour_support, normalise_lexical, top_k
from usermind.memory.temporal import parse_date, query_window, resolve_expressions
from usermind.memory.text import content_terms, stem

MAY_8 = parse_date("1:56 pm on 8 May, 2023")


def test_stem_and_terms():
    assert stem("painting") == stem("painted") == stem("paints") == "paint"
    assert content_terms("What did Caroline's friends paint?") == ["caroline", "friend", "paint"]


def test_bm25_prefers_rare_matching_terms_and_appends():
    index = BM25Index()
    for text in ["I love my dog", "my dog and my cat", "the weather is nice"]:
        index.add(text)
    scores = index.scores("dog love")
    assert scores[0] > scores[1] > scores[2] == 0
    index.add("love love love")
    assert index.scores("love").argmax() == 3 and len(index) == 4
    fresh = BM25Index()  # the weights kept per term follow the statistics a new row changed
    for text in ["I love my dog", "my dog and my cat", "the weather is nice", "love love love"]:
        fresh.add(text)
    np.testing.assert_array_equal(index.scores("dog love"), fresh.scores("dog love"))


def test_fusion_components_add_up():
    dense = np.array([0.5, 0.1, 0.3], dtype=np.float32)
    lexical = normalise_lexical(np.array([2.0, 4.0, 0.0], dtype=np.float32))
    prev, nxt = np.array([-1, 0, 1]), np.array([1, 2, -1])
    weights = FusionWeights(lexical=0.5, neighbour=0.5, speaker=0.1, temporal=0.2, fact=0.0)
    total, parts = fuse(
        dense, lexical, prev, nxt, np.array([0, 1, 0]), np.array([0, 0, 1]), np.zeros(3), weights
    )
    base = dense + 0.5 * lexical
    assert np.allclose(parts["neighbour"], [base[1], max(base[0], base[2]), base[1]])
    assert np.isclose(total[1], base[1] + 0.5 * parts["neighbour"][1] + 0.1)
    assert np.isclose(total[2], base[2] + 0.5 * parts["neighbour"][2] + 0.2)
    assert list(top_k(total, np.array([True, False, True]), 2)) == [
        int(np.argmax(total * [1, 0, 1])),
        2 - int(np.argmax(total * [1, 0, 1])),
    ]


def test_fusion_weighs_the_dense_score():
    """``weights.dense`` scales the cosine in the base score, in what neighbours borrow and so in the
    order: at 3 the turn most like the query wins over the one sharing its words."""
    dense = np.array([0.6, 0.2], dtype=np.float32)
    lexical = np.array([0.0, 1.0], dtype=np.float32)
    rest = (np.array([-1, 0]), np.array([1, -1]), np.zeros(2), np.zeros(2), np.zeros(2))
    even, _ = fuse(dense, lexical, *rest, FusionWeights(lexical=0.5, neighbour=0.0))
    heavy, parts = fuse(dense, lexical, *rest, FusionWeights(dense=3.0, lexical=0.5, neighbour=0.5))
    assert np.allclose(parts["neighbour"], [3 * 0.2 + 0.5, 3 * 0.6])
    assert np.isclose(heavy[0], 3 * 0.6 + 0.5 * (3 * 0.2 + 0.5))
    assert int(np.argmax(even)) == 1 and int(np.argmax(heavy - 0.5 * parts["neighbour"])) == 0


def test_neighbour_support_without_neighbours_is_zero():
    assert neighbour_support(np.array([0.9], dtype=np.float32), np.array([-1]), np.array([-1]))[0] == 0.0


def test_temporal_windows_and_resolution():
    start, end = query_window("What did I do in May 2023?", now=MAY_8)
    assert start <= MAY_8 <= end and end - start > 28 * 86400
    start, end = query_window("what did we eat yesterday", now=MAY_8)
    assert end - start == 86400 and end <= MAY_8
    assert query_window("What is my dog called?", now=MAY_8) is None
    notes = resolve_expressions("I went to a support group yesterday.", MAY_8)
    assert notes == ["yesterday = 7 May 2023"]
    assert resolve_expressions("I ran a race last Sunday", MAY_8) == [
        "last sunday = the sunday before 8 May 2023"
    ]


def test_query_analysis():
    info = analyse("What did Mel's kids make?", {"Melanie", "Caroline"})
    assert info.speakers == ["Melanie"] and info.personal
    assert not analyse("How do I convert Celsius to Fahrenheit?", set()).personal
    assert not analyse("I'm curious, what are good painting techniques?", set()).personal
    assert analyse("What did I tell you about my sister?", set()).personal
    assert memory_claim("Remember when I climbed Everest?") == "I climbed Everest"
    assert memory_claim("What is the weather?") is None


def _turn(text, role="user", ts=1.0):
    return Turn(id="t_1", user_id="u", session_id="s", seq=0, role=role, text=text, ts=ts)


def test_rule_extraction_first_person_statements():
    facts = {
        (c.predicate, c.object)
        for c in extract_rules(
            _turn(
                "My name is Dana. I live in Porto and I work as a data engineer. I don't like olives. "
                "My favorite food is ramen! I moved to Lisbon last month."
            )
        )
    }
    assert facts >= {
        ("name", "Dana"),
        ("lives_in", "Porto"),
        ("works_as", "data engineer"),
        ("dislikes", "olives"),
        ("favorite_food", "ramen"),
        ("lives_in", "Lisbon"),
    }
    assert ("likes", "olives") not in facts
    assert extract_rules(_turn("I live in Rome.", role="assistant")) == []
    assert extract_rules(_turn("Nice weather today, isn't it?")) == []


def test_a_rule_fact_reads_the_users_my_as_their_and_stops_at_a_parenthesis():
    (fact,) = extract_rules(_turn("I have a herniated disc in my lower back."))
    assert fact.text == "User has a herniated disc in their lower back"
    (dislike,) = extract_rules(_turn("Which service has comedy (I hate horror)?"))
    assert dislike.object == "horror"


def _fact(predicate, obj, fid="f_old"):
    return Fact(
        id=fid,
        user_id="u",
        subject="User",
        predicate=predicate,
        object=obj,
        text=f"User {predicate} {obj}",
        valid_from=0.0,
        recorded_at=0.0,
    )


def _cand(predicate, obj, negated=False):
    return Candidate(
        subject="User", predicate=predicate, object=obj, text="x", valid_from=5.0, negated=negated
    )


def test_reconciliation_plans():
    assert plan(_cand("lives_in", "Paris"), [], []).op == "add"
    same = plan(_cand("lives_in", "paris"), [_fact("lives_in", "Paris")], [])
    assert same.op == "noop" and same.confirm is not None
    moved = plan(_cand("lives_in", "Rome"), [_fact("lives_in", "Paris")], [])
    assert moved.op == "update" and moved.add and moved.invalidate[0].object == "Paris"
    assert plan(_cand("likes", "jazz"), [_fact("likes", "rock")], []).op == "add"  # multi-valued
    flipped = plan(_cand("dislikes", "jazz"), [], [_fact("likes", "jazz")])
    assert flipped.op == "update" and flipped.invalidate[0].predicate == "likes"
    ended = plan(_cand("lives_in", "Paris", negated=True), [_fact("lives_in", "Paris")], [])
    assert ended.op == "invalidate" and not ended.add


def test_question_share_counts_the_words_that_ask():
    from usermind.memory.text import question_share

    assert question_share("What are their names?") == 1.0
    assert question_share("Luna and Oliver! They are so sweet.") == 0.0
    # 7 of 11 words state something, 4 ask
    assert question_share("Wow, that sounds like so much fun! Where did you go?") == 4 / 11
    assert question_share("") == 0.0 and question_share("Really?! Yes.") == 0.0
    # a question that tells something about the asker carries a fact: not counted as asking
    assert question_share("My daughter turns six next week, what should I get her?") == 0.0
    assert question_share("Nice! Have we met before? I have been to Rome.") == 4 / 10
