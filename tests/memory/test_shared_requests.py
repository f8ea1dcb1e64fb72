"""Whether a request that names other people asks for the user too (pure): then, where the user has said
nothing about those people, it is weighed against the user's own statements
(:func:`usermind.memory.request_rows.shared`; on every backend: tests/storage/test_people_requests.py)."""

from __future__ import annotations

import pytest

from usermind.memory.passing import asking_part
from usermind.memory.request_rows import asks_for_self


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("My roommate just got a PS5. What should I try playing on it?", "What should I try playing on it?"),
        (
            "My neighbour wants to start painting, what supplies does she need?",
            "what supplies does she need?",
        ),
        ("The teens want a movie night. Pick something for us.", "Pick something for us."),
        ("My cousin is looking for ways to help out.", "My cousin is looking for ways to help out."),
    ],
)
def test_the_asking_part_is_the_last_sentence_or_clause_that_asks(text, ask):
    assert asking_part(text) == ask


@pytest.mark.parametrize(
    ("text", "for_self"),
    [
        # the user does or gets what is asked about, beside the people named
        ("My roommate just got a PS5. What should I try playing on it?", True),
        ("The teens want a family movie night Friday. Pick something for us.", True),
        ("My daughter wants a puppy for her tenth birthday. Should we do it?", True),
        ("I'm hosting a cookout for my coworkers. What should be on the menu?", True),
        # their event is the user's occasion
        ("Where should I buy a suit for my brother's wedding?", True),
        # made for them, or about them alone
        ("What should I cook for my colleague who loves barbecue?", False),
        ("My neighbour wants to start painting, what supplies does she need?", False),
        ("My mom turns 70 next week. What should I get her?", False),
        ("My cousin is looking for ways to get more involved in their community.", False),
        ("Gift ideas for my niece?", False),
    ],
)
def test_a_request_naming_others_asks_for_the_user_too_only_when_it_says_so(text, for_self):
    assert asks_for_self(text) is for_self
