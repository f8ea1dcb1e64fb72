"""Message kinds learned from embeddings: the softmax fit (pure), the shipped examples, and the
classifier through the memory system (real MiniLM embeddings)."""

import json

import numpy as np
import pytest

from usermind.memory import MemorySystem
from usermind.memory.config import MemoryConfig
from usermind.memory.kinds import REQUEST, STATEMENT, MessageKinds, fit_softmax
from usermind.memory.kinds.classifier import EXAMPLES, QUESTION_EXCLUDES, examples
from usermind.memory.query import QueryInfo, learned_request, learned_statement
from usermind.memory.requests import is_stated, self_as_object, states_a_reason


def test_softmax_separates_two_clusters_though_one_kind_has_ten_times_the_examples():
    rng = np.random.default_rng(0)
    a = rng.normal([1, 0, 0], 0.1, (40, 3))
    b = rng.normal([0, 1, 0], 0.1, (4, 3))  # ten times fewer examples of "b"
    model = fit_softmax(np.vstack([a, b]), ["a"] * 40 + ["b"] * 4)
    assert model.classes == ("a", "b")
    assert model.predict(np.array([[0.9, 0.1, 0], [0.2, 0.8, 0]])) == ["a", "b"]
    assert model.probabilities(np.array([0, 1, 0]))[0, 1] > 0.9


def test_softmax_needs_two_kinds():
    with pytest.raises(ValueError, match="two kinds"):
        fit_softmax(np.eye(3), ["a", "a", "a"])


def test_the_shipped_examples_cover_every_kind_the_verifier_uses():
    texts, kinds = examples()
    assert len(texts) == len(kinds) == len(json.loads(EXAMPLES.read_text()))
    assert {REQUEST, STATEMENT} <= set(kinds) and len(set(kinds)) >= 5
    assert len(set(texts)) == len(texts)


@pytest.fixture(scope="module")
def kinds(embedder):
    return MessageKinds(lambda: embedder)


@pytest.mark.parametrize(
    "text",
    [
        # advice and recommendation wordings the rules of usermind.memory.requests do not know
        "Are there supplements that help with joint pain?",
        "Gotta replace my running shoes soon, what's out there?",
        "Which horror films are genuinely scary?",
        "Share a good soup recipe for winter.",
    ],
)
def test_requests_the_rules_miss_are_told_by_meaning(kinds, embedder, text):
    assert kinds.is_request(text, embedder.embed([text])[0])


@pytest.mark.parametrize(
    "text",
    [
        "What is the boiling point of water?",
        "Who painted the Mona Lisa?",
        "Which city do I live in?",
        "Where do I live?",
        # its likeliest kind is a request, but not by a majority: answered plainly
        "What is the safest airline in the world?",
    ],
)
def test_factual_questions_and_questions_about_the_user_are_not_requests(kinds, embedder, text):
    assert not kinds.is_request(text, embedder.embed([text])[0])


def test_a_question_is_never_taken_for_a_statement(kinds, embedder):
    text = "Not a morning person at all?"
    vector = embedder.embed([text])[0]
    assert kinds.kind(text, vector) == STATEMENT  # by meaning it is one of the statements about habits
    assert kinds.kind(text, vector, QUESTION_EXCLUDES) not in QUESTION_EXCLUDES
    assert not kinds.is_request(text, vector)


def test_statements_without_i_are_statements(kinds, embedder):
    texts = ["Vegetarian since college.", "Allergic to shellfish, badly.", "Not a morning person at all."]
    assert [kinds.kind(t, v) for t, v in zip(texts, embedder.embed(texts), strict=True)] == [STATEMENT] * 3


def test_learned_request_never_overrides_recall_others_speakers_or_first_person_statements():
    always = lambda text, vector: True  # noqa: E731 - a classifier that calls everything a request
    base = {"personal": False, "speakers": []}
    asked = learned_request(QueryInfo(text="Soup for a cold night?", **base), always, None)
    assert asked.request
    for text in [
        "What did I tell you about my diet?",
        "What did we say about the laundry?",
        "I love strategy games.",
    ]:
        assert not learned_request(QueryInfo(text=text, **base), always, None).request, text
    other = QueryInfo(text="x", personal=False, speakers=[], about_other=True)
    assert not learned_request(other, always, None).request
    named = QueryInfo(text="x", personal=True, speakers=["Melanie"])
    assert not learned_request(named, always, None).request


def test_learned_statement_only_undoes_a_request_worded_as_a_statement_about_oneself():
    always = lambda text, vector: True  # noqa: E731 - a classifier that calls everything a statement
    base = {"personal": True, "speakers": [], "request": True}
    assert not learned_statement(QueryInfo(text="Needles make me faint.", **base), always, None).request
    for text in ["Make me a road-trip playlist.", "Any tips for my first marathon?", "What should I cook?"]:
        assert learned_statement(QueryInfo(text=text, **base), always, None).request, text
    never = lambda text, vector: False  # noqa: E731
    assert learned_statement(QueryInfo(text="Needles make me faint.", **base), never, None).request


def test_statements_worded_like_commands_and_requests_worded_like_statements(db, embedder):
    """ "Loud bars give me a headache." reads like "Give me a playlist." to the wording rules, and "Party
    ideas for my son's seventh birthday." like a statement about the user: the classifier decides both
    (real MiniLM), when a message is analysed and when it is stored."""
    mem = MemorySystem(db, embedder)
    for text, request in [
        ("Loud bars give me a headache.", False),
        ("Needles make me faint.", False),
        ("Give me a playlist for my morning run.", True),
        ("Party ideas for my son's seventh birthday.", True),
    ]:
        assert mem.analyse(text, set()).request is request, text
    loaded = ["Loud bars give me a headache.", "Need a dinner idea I can cook in twenty minutes."]
    assert _stated(mem, loaded, "Party ideas for my son's seventh birthday.") == {
        "Loud bars give me a headache.": True,
        "Need a dinner idea I can cook in twenty minutes.": False,
        "Party ideas for my son's seventh birthday.": False,
    }


def test_the_user_only_as_an_object_and_needs_given_with_their_reason(db, embedder):
    """A message that speaks of the user only as "me" is stored as a statement when the classifier
    reads one ("Heights terrify me."), not when it reads a request the rules do not know ("Point me
    to ..."); a need stated with what about the user makes it one is a statement, asking nothing."""
    mem = MemorySystem(db, embedder)
    loaded = [
        "Point me to a good beginner guide for sourdough baking.",
        "Heights terrify me.",
        "I need a private office. Half my day is confidential calls.",
    ]
    assert _stated(mem, loaded, "I use a CPAP machine at night, so I need an outlet right by the bed.") == {
        loaded[0]: False,
        loaded[1]: True,
        loaded[2]: True,
        "I use a CPAP machine at night, so I need an outlet right by the bed.": True,
    }


def test_states_a_reason_needs_a_plain_statement_and_no_question_or_command():
    assert states_a_reason("I need a private office. Half my day is confidential calls.")
    assert states_a_reason("I use a CPAP machine at night, so I need an outlet right by the bed.")
    assert not states_a_reason("I need a look for a charity gala next month.")  # one part, a need
    assert not states_a_reason("I'm allergic to shellfish. Any restaurant ideas in Boston?")  # asks
    assert not states_a_reason("Give me a project; I want something for my portfolio.")  # a command
    assert self_as_object("Heights terrify me.") and self_as_object("Point me to a primer.")
    assert not self_as_object("My knees hurt, so stairs are hard for me.")
    assert not self_as_object("What is the capital of Peru?")


def _stated(mem, loaded: list[str], appended: str) -> dict[str, bool]:
    """Which turns the index takes for statements: ``loaded`` read from the database in one batch, then
    ``appended`` added to the built index as one row."""
    for i, text in enumerate(loaded):
        mem.add_turn("ana", "s1", "user", text, ts=i + 1)
    mem.recall("ana", "anything new?", k=3)  # the index is built from the database: one batch
    mem.add_turn("ana", "s1", "user", appended, ts=len(loaded) + 1)  # appended: one row
    index = mem.cache.get("ana")
    return dict(zip((row.text for row in index.rows), index.array("stated"), strict=True))


def test_cant_stand_is_a_statement_not_a_question():
    assert is_stated("Can't stand country music. The twang just grates on me.")
    assert is_stated("Can\u2019t stand crowds, they make me anxious.")


def _verify(mem, user, query):
    return mem.verify(user, query, mem.recall(user, query, k=8))


@pytest.mark.parametrize("enabled", [True, False])
def test_through_the_memory_system_a_subjectless_preference_reaches_an_unruled_request(db, embedder, enabled):
    mem = MemorySystem(db, embedder, config=MemoryConfig(message_kinds=enabled))
    for i, text in enumerate(["Vegetarian since college.", "What is the capital of Peru?"]):
        mem.add_turn("ana", "s1", "user", text, ts=1_700_000_000 + i)
    result = _verify(mem, "ana", "Share a good soup recipe for winter.")
    kept = [m.text for m in result.kept]
    # without the classifier neither the statement nor the request is recognised (the rules need an "I"
    # and an advice wording), so the reply gets no memory: the test fails if the classifier does nothing
    assert kept == (["Vegetarian since college."] if enabled else [])


def test_statements_are_told_alike_when_the_index_loads_and_when_a_turn_is_added(db, embedder):
    mem = MemorySystem(db, embedder)
    loaded = ["Vegetarian since college.", "What is the capital of Peru?"]
    assert _stated(mem, loaded, "Allergic to shellfish, badly.") == {
        "Vegetarian since college.": True,
        "What is the capital of Peru?": False,
        "Allergic to shellfish, badly.": True,
    }


def test_the_shipped_examples_share_no_text_with_the_evaluation_sets():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "benchmarks"
    evaluated = {
        m["text"].lower() for m in json.loads((root / "request_kinds" / "messages.json").read_text())
    }
    for path in (root / "prefeval_style").rglob("*.json"):
        for item in json.loads(path.read_text()):
            evaluated |= {item["preference"].lower(), item["question"].lower()}
    evaluated |= {m["text"].lower() for m in json.loads((root / "self_questions" / "probe.json").read_text())}
    texts, _ = examples()
    assert len(evaluated) > 500 and not {t.lower() for t in texts} & evaluated
