"""The people of the user's life a text names by their relation (pure), and what the analysis of a
request for one of them carries."""

from __future__ import annotations

import pytest

from usermind.memory.people import RELATIONS, kin, named_people, names_in, people_in, words_for
from usermind.memory.query import analyse


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("What should I get my sister for her birthday?", {"sister"}),
        ("Dessert ideas for my father's 70th?", {"father"}),
        ("My dad is diabetic.", {"father"}),
        ("My 6-year-old son loves dinosaurs and my little sister hates them.", {"son", "sister"}),
        ("Our two kids get carsick.", {"children"}),
        ("Gift for my best friend?", {"friend"}),
        ("My mother-in-law is gluten-free.", {"mother-in-law"}),
        ("Our little girl turns 8 and my other half is away.", {"daughter", "partner"}),
        ("Béchamel is a mother sauce.", set()),  # no "my": nobody of the user's
        ("A friend of a friend told me.", set()),
        # the "my" left out: a sentence that opens with the relation, a parent's word written as a name
        ("Brother's allergic to cats.", {"brother"}),
        ("Loving it. Dad got diagnosed with gout though.", {"father"}),
        ("A cake to bake for Mum's seventy-fifth?", {"mother"}),
        ("Uncle Pete turns 60 next month. Gift?", {"uncle"}),
        ("Boy, that was a long day.", set()),  # an exclamation, not the user's son
        ("I met a girl at the gym; the boss was there too.", set()),
    ],
)
def test_people_are_named_by_their_relation_to_the_user(text, people):
    assert people_in(text) == people


def test_every_word_of_a_relation_names_it_back():
    for name, words in RELATIONS.items():
        assert all(people_in(f"my {w} said so") == {name} for w in words), name
    assert "dad" in words_for({"father"}) and "father" in words_for(["father"])


def test_a_group_and_its_members_are_one_anothers_kin():
    assert kin({"son"}) == {"son", "children"}
    assert kin(["parents"]) == {"parents", "mother", "father"}
    assert "daughter" not in kin({"son"}) and "father" not in kin({"mother-in-law"})


def test_a_request_for_someone_carries_them_and_a_request_for_oneself_does_not():
    gift = analyse("What should I get my sister for her birthday?", set())
    assert gift.request and gift.about_other and gift.people == ["sister"]
    assert gift.for_people and gift.wants_bearing and not gift.wants_preferences
    own = analyse("Suggest a dinner place for tonight.", set())
    assert own.wants_preferences and own.wants_bearing and not own.for_people and own.people == []
    said = analyse("My sister is a keen gardener.", set())  # about her, asking nothing
    assert not said.for_people and not said.wants_bearing


def test_people_named_beside_their_relation_and_the_capitalised_words_of_a_request():
    assert named_people("My colleague Jürgen retires in December.") == {"jürgen": "colleague"}
    assert named_people("Jake, my roommate, is vegan.") == {"jake": "roommate"}
    assert named_people("Our neighbour, Mrs Park, hates noise.") == {"park": "neighbour"}
    assert named_people("My sister lives in Porto.") == {} and named_people("I love Lisbon.") == {}
    # any capitalised word may be one: the rows that name someone beside a relation tell which are
    assert names_in("Jake's birthday: what would Ana like? I wonder.") == {"jake", "ana"}
    assert named_people("I borrowed my friend Jake's car.") == {"jake": "friend"}
