"""Message and memory kinds for preference-aware verification (pure functions)."""

import pytest

from usermind.memory.config import VerifyConfig
from usermind.memory.models import Memory
from usermind.memory.requests import about_other, is_request, is_stated
from usermind.memory.verify_prefs import select_stated


@pytest.mark.parametrize(
    "text",
    [
        "Suggest a dinner place for tonight.",
        "Where should we go on holiday in May?",
        "Could you put together a reading list on astronomy?",
        "Any ideas for a rainy Sunday?",
        "What's the best way to get to the airport?",
        "Plan a picnic for Saturday.",
        "How should I prepare for a marathon?",
        # forms that name no advice word (issue #9, independent messages)
        "What are some things to see in Porto?",
        "Should we rent a car or take buses in Sicily?",
        "Which tent would suit us for a windy coast?",
        "Tapas or sushi tonight?",
        "whats a decent coffee grinder under 100",
        "Any cheap eats around the old town?",
        "Looking for a quiet beach town in Portugal.",
        "Draft a two-week meal plan.",
        "What would you cook with leftover rice?",
        "Would a Kindle or an iPad be better for my commute?",
        "What museums in Vienna are must-sees?",
        # stop 28: wordings the rules missed
        "Camping stove needed for a week in the Alps.",
        "Need something light to read on the plane.",
        "I'm learning to bake sourdough. Where do I start?",
        "What goes well with grilled halloumi?",
        "Looking at electric bikes for my commute, any favourites?",
    ],
)
def test_requests_for_advice_are_recognised(text):
    assert is_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "How fast can greyhounds run?",
        "Who wrote War and Peace?",
        "Which band do I like best?",
        "Why is ice slippery?",
        "Is tipping expected in Vienna?",
        "Did I tell you which tent we bought?",
        "What was my sister's address again?",
        "Do you remember the coffee grinder I liked?",
        "How many bones are in the human hand?",
        "Thanks, that settles it!",
        "I'll reach out if I need anything.",
        "That was badly needed.",
        "Where do I work again?",
    ],
)
def test_plain_questions_and_recall_are_not_requests(text):
    assert not is_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "My cousin is looking for ways to get more involved in their community.",
        "A friend of mine wants to learn the violin, where should she start?",
        "What should I buy my boss for his retirement?",
        "Someone at work asked me for a good sci-fi book.",
        "My husband's been wanting a new bike, which one should he get?",
        "Any ideas for a gift for my kid's coach?",
        "My daughter wants to learn chess, where should she start?",
        "A good present for someone I just met?",
    ],
)
def test_requests_about_someone_else(text):
    assert about_other(text)


def test_requests_about_the_user_and_their_household_are_their_own():
    assert not about_other("Suggest a dinner place for tonight.")
    assert not about_other("What furniture should we buy for the kids' room?")
    assert not about_other("Recommend a pet for my kids.")  # the household's own plan


@pytest.mark.parametrize(
    "text",
    [
        "I'm vegetarian and I live in Lisbon.",
        "Peanuts make me really sick.",
        "We never fly, trains only.",
        "I need a quiet room, I sleep badly.",
    ],
)
def test_statements_about_oneself_are_stated(text):
    assert is_stated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you tell me a joke?",
        "Give me a synonym for 'brave'.",
        "What is the capital of Peru?",
        "My sister loves jazz.",
        "The train was late today.",
    ],
)
def test_questions_commands_and_other_people_are_not_stated(text):
    assert not is_stated(text)


def _memory(mid: str, kind: str = "turn", source: str | None = None) -> Memory:
    return Memory(id=mid, kind=kind, text=mid, source_ids=[source] if source else [])


def test_select_stated_keeps_the_best_statements_within_the_margin():
    cfg = VerifyConfig(pref_floor=0.4, pref_margin=0.1, pref_max=2)
    memories = [_memory("a"), _memory("f", "fact", "a"), _memory("b"), _memory("c"), _memory("q")]
    bearing = [0.8, 0.75, 0.72, 0.71, 0.9]
    stated = [True, True, True, True, False]  # "q" bears most but is not a statement
    # "a" and its fact are one statement; "b" is the second; "c" would be a third statement
    assert select_stated(memories, bearing, stated, cfg) == {0, 1, 2}
    assert select_stated(memories, [0.3, 0.3, 0.35, 0.2, 0.9], stated, cfg) == set()
    assert select_stated(memories, [0.8, 0.5, 0.6, 0.5, 0.9], stated, cfg) == {0}
