"""Statements made in passing, in a message that asks something else ("I'm allergic to shellfish. Any
restaurant ideas in Boston?"): the wording rules (pure), and the index that stores such a turn as a
statement of the user's, read from the database and appended alike (real MiniLM embeddings)."""

import pytest

from usermind.memory import MemorySystem
from usermind.memory.extraction.candidates import IN_PASSING
from usermind.memory.passing import elided_parts, passing_statements, said_around, states_in_passing

SAID_IN_PASSING = [
    ("I'm allergic to shellfish. Any restaurant ideas in Boston?", "I'm allergic to shellfish."),
    (
        "What's a decent laptop stand? I work standing up most of the day.",
        "I work standing up most of the day.",
    ),
    ("Since I get motion sick on boats, what's a good day trip from Athens?", "I get motion sick on boats"),
    ("I'm vegan, what should I cook tonight?", "I'm vegan"),
    ("Which streaming service has good comedy (I hate horror)?", "I hate horror"),
    (
        "Recommend a backpack. Open-plan offices kill my concentration.",
        "Open-plan offices kill my concentration.",
    ),
    ("As someone with ADHD, how should I study for exams?", "As someone with ADHD"),
    ("My kids are 3 and 5 — where should we go for a beach week?", "My kids are 3 and 5"),
]


@pytest.mark.parametrize(("message", "part"), SAID_IN_PASSING)
def test_the_statement_part_of_a_message_that_asks(message, part):
    assert passing_statements(message) == [part]
    assert states_in_passing(message)


@pytest.mark.parametrize(
    "message",
    [
        "I need a look for a charity gala. Any ideas?",  # the need is the request itself
        "Looking for a new sofa. Any fabric tips?",  # no subject: left to the classifier, whole messages only
        "My laptop won't turn on, how do I fix it?",  # a thing's state, joined to the ask: a task
        'Fix the grammar: "Me and him goes to the store."',  # quoted text to work on
        "When's my dentist appointment? I think I told you last week.",  # a recall
        "My sister's wedding is next month. Any ideas for a spa day?",  # a dated plan: the ask's context
        "I'm hosting a dinner party Saturday. What should I serve?",
        "My cousin is vegan. What should I cook for her?",  # someone else
        "Can you recommend a hotel in Rome?",
        "I'm vegetarian. I live in Lisbon.",  # asks nothing: a statement of its own, not one in passing
    ],
)
def test_no_statement_in_passing(message):
    assert not states_in_passing(message)


def test_a_request_with_a_statement_in_passing_is_stored_as_a_statement(db, embedder):
    """Read from the database in one batch and appended as one row alike; the request without one is not
    a statement (the assistant's turns never are)."""
    mem = MemorySystem(db, embedder)
    loaded = ["I'm allergic to shellfish. Any restaurant ideas in Boston?", "Any restaurant ideas in Boston?"]
    for i, text in enumerate(loaded):
        mem.add_turn("ana", "s1", "user", text, ts=i + 1)
    mem.add_turn("ana", "s1", "assistant", "I'm glad to help. Any ideas for Boston?", ts=3)
    mem.recall("ana", "anything new?", k=3)  # the index is built from the database: one batch
    mem.add_turn("ana", "s1", "user", "Since I get motion sick on boats, what's a good day trip?", ts=4)
    index = mem.cache.get("ana")
    stated = dict(zip((row.text for row in index.rows), index.array("stated").tolist(), strict=True))
    assert stated == {
        loaded[0]: True,
        loaded[1]: False,
        "I'm glad to help. Any ideas for Boston?": False,
        "Since I get motion sick on boats, what's a good day trip?": True,
    }


def test_the_classifier_reads_statements_said_in_passing_without_a_subject(db, embedder):
    """ "Celiac here." in a message that asks something else becomes a fact in the user's words, with its
    turn as the source; a greeting or a remark in the same place does not (real MiniLM classifier)."""
    mem = MemorySystem(db, embedder)
    for i, text in enumerate(
        [
            "Celiac here. How do I sharpen kitchen knives?",
            "Allergic to penicillin. Also, how often should I replace a toothbrush?",
            "Hey Mel! How is it going?",
            "Great job. Can you tell me more?",
        ]
    ):
        mem.add_turn("eli", "s1", "user", text, ts=i + 1)
    turns = {t.text: t.id for t in mem.episodic.list("eli")}
    facts = {c.fact.text: c.fact for c in mem.remember("eli")}
    assert set(facts) == {"Celiac here.", "Allergic to penicillin."}
    assert facts["Celiac here."].source_ids == [turns["Celiac here. How do I sharpen kitchen knives?"]]
    assert {f.predicate for f in facts.values()} == {IN_PASSING}
    index = mem.cache.get("eli")
    assert index.array("stated")[[index.by_id[f.id] for f in facts.values()]].all()


def test_elided_parts_are_only_looked_for_in_a_message_that_asks():
    assert elided_parts("Celiac here. How do I sharpen kitchen knives?") == ["Celiac here."]
    assert elided_parts("Celiac here. Been that way for years.") == []  # asks nothing: a statement of its own
    assert elided_parts("Exam in three weeks. How do I revise?") == []  # a dated plan: the ask's context
    assert elided_parts("How do I sharpen kitchen knives?") == []


def test_a_fragment_keeps_the_statement_it_belongs_to():
    message = "Can't drive a manual. Never learned. What's a good car wash soap?"
    assert said_around(message, "Never learned.") == "Can't drive a manual. Never learned."
    dashed = "Strict vegetarian — no fish sauce either. How do tuk-tuks work?"
    assert said_around(dashed, "no fish sauce either.") == "Strict vegetarian — no fish sauce either."
    assert said_around("Celiac here. How do I sharpen knives?", "Celiac here.") == "Celiac here."


@pytest.mark.parametrize(
    "message",
    [
        "That sounds awesome. What did you paint?",  # a subject of its own: a remark about something
        "Kickboxing is a great workout. Any tips for a beginner?",
        "Your art is amazing. Where do you sell it?",  # a word to the other
        "Truly inspiring! Where was the show?",  # an exclamation
        "Long time no chat. How have things been?",  # small talk
        "Same here. Where did you go after?",
    ],
)
def test_remarks_in_a_message_that_asks_are_no_statements_in_passing(db, embedder, message):
    mem = MemorySystem(db, embedder)
    mem.add_turn("rem", "s1", "user", message, ts=1)
    assert mem.remember("rem") == []
