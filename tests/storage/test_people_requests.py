"""A request made for someone the user knows ("a gift for my sister") recalls and keeps what the user
said about that person, on every backend (SQLite's full index, Postgres's candidates): not the user's
own preferences, nor what they said about anyone else.  Real embedder, no model."""

from __future__ import annotations

import pytest

from usermind.memory import MemorySystem
from usermind.storage.open import open_database

SAID = [
    "My sister is a keen gardener and hates anything pink.",
    "I'm vegetarian.",
    "My dad is diabetic, so he watches his sugar closely.",
    "What is the capital of Peru?",
    "My sister lives in Porto.",
    "I get seasick on small boats.",
    "My boss is training for a marathon.",
    "Our kids are allergic to sesame.",
    "My daughter loves horses.",
    "My best friend Jake is obsessed with vintage synthesizers.",
]


@pytest.fixture
def mem(told):
    return told("ana", SAID)


def _kept(mem: MemorySystem, message: str) -> list[str]:
    return [m.text for m in mem.verify("ana", message, mem.recall("ana", message, k=8)).kept]


@pytest.mark.parametrize(
    ("message", "about"),
    [
        ("What should I get my sister for her birthday?", SAID[0]),
        # another word for the same person than the one the user used
        ("Recommend a dessert for my father's visit on Sunday.", SAID[2]),
        # what was said of all the children holds for each of them
        ("What cake should I bake for my son's party?", SAID[7]),
        # a person by their name, which the user gave beside the relation: what was said about anyone
        # else stays out (the request names no relation the wording rules know)
        ("Jake's birthday is on Friday, what should I get him?", SAID[9]),
    ],
)
def test_a_request_for_someone_keeps_what_was_said_about_them_and_nothing_else(mem, message, about):
    kept = _kept(mem, message)
    assert about in kept
    assert not set(kept) & (set(SAID) - {about})  # nothing the user said about anyone else, nor themselves


def test_a_request_that_names_someone_leaves_out_what_was_said_about_anyone_else(mem):
    kept = _kept(mem, "Where should I take my boss for lunch?")  # the user goes too: not on their behalf
    assert SAID[6] in kept and not any("dad" in t or "sister" in t for t in kept)


def test_a_request_for_oneself_still_keeps_the_users_own_preference_not_the_sisters(mem):
    kept = _kept(mem, "Suggest a dinner place for tonight.")
    assert "I'm vegetarian." in kept and not any("sister" in t for t in kept)


def test_a_how_to_keeps_no_statement_but_a_request_naming_someone_the_user_spoke_of_does(mem):
    # like none of the example requests a preference bears on, on every backend (with the likeness
    # floor at 0 both backends kept a statement here) ...
    assert _kept(mem, "How do I convert 30 degrees Celsius to Fahrenheit?") == []
    # ... but a name the user has used makes a request theirs, however unlike the examples
    mem.add_turn("ana", "s1", "user", "Sue from accounting loves orchids.", ts=1_700_000_100)
    assert "Sue from accounting loves orchids." in _kept(mem, "End of year thank-you present for Sue?")


def test_a_relation_said_without_my_is_the_users_own(mem):
    mem.add_turn("ana", "s1", "user", "Brother's allergic to cats.", ts=1_700_000_200)
    kept = _kept(mem, "Brother wants a pet. Suggestions?")
    assert "Brother's allergic to cats." in kept and not any("sister" in t or "dad" in t for t in kept)


def test_nothing_said_about_the_person_keeps_nothing(mem):
    verification = mem.verify(
        "ana", "Gift ideas for my niece?", mem.recall("ana", "Gift ideas for my niece?", k=8)
    )
    assert verification.kept == [] and "niece" in verification.reason


def test_a_request_for_the_user_too_naming_people_they_never_spoke_of_weighs_their_own(mem):
    # the user eats too: their own statement bears (nothing was said about the cousins), still nothing
    # said about anyone else
    message = "My cousins are visiting this weekend. Where should we go for dinner?"
    verification = mem.verify("ana", message, mem.recall("ana", message, k=8))
    kept = [m.text for m in verification.kept]
    assert "I'm vegetarian." in kept and not set(kept) & {SAID[0], SAID[2], SAID[6], SAID[7], SAID[8]}
    # made for the cousins alone: memory-free, as before
    assert _kept(mem, "My cousins are visiting this weekend. Where should they go for dinner?") == []


def test_on_postgres_the_people_s_rows_are_loaded_though_neither_search_finds_them(
    tmp_path, postgres_url, embedder
):
    # with only 10 candidates per list, 40 dessert notes fill both the dense and the word list, and
    # "My dad is diabetic" shares no word with "father": it is there only because its people are
    from usermind.memory.config import MemoryConfig

    config = MemoryConfig(candidate_pool=10, candidate_rows=10)
    memory = MemorySystem(open_database(tmp_path, postgres_url), embedder, config=config)
    sweets = ["lemon tart", "chocolate mousse", "apple crumble", "panna cotta", "tiramisu"]
    days = ["Sunday", "Saturday", "Friday", "Monday", "last weekend", "yesterday", "at Easter", "in May"]
    notes = [f"I recommend the {s} dessert we had {d} for any visit." for s in sweets for d in days]
    for i, text in enumerate(notes):
        memory.add_turn("ana", "s1", "user", text, ts=1_700_000_000 + i)
    for i, text in enumerate(["What is the capital of Peru?", SAID[2], "Tell me a joke about owls."]):
        memory.add_turn("ana", "s2", "user", text, ts=1_700_001_000 + i)  # no dessert note beside it
    try:
        assert SAID[2] in _kept(memory, "Recommend a dessert for my father's visit on Sunday.")
    finally:
        memory.db.close()
