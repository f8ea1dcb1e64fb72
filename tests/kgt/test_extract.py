import pytest

from usermind.graphs.kgt import extract
from usermind.graphs.kgt.extract import third_person


@pytest.mark.parametrize(
    ("query", "head", "relation"),
    [
        ("What is my favourite fruit?", "user", "favourite fruit"),
        ("What is my dog's name?", "my dog", "name"),
        ("Which city do I live in?", "user", "lives in"),
        ("Where do I work?", "user", "works in"),
        ("What is the capital of France?", "France", "capital"),
        ("Where is the Eiffel Tower located?", "the Eiffel Tower", "located in"),
        ("Who is Apple's CEO?", "Apple", "ceo"),
        ("How old is Bob?", "Bob", "is"),
    ],
)
def test_templates_give_entity_and_relation(query, head, relation):
    found = extract(query, " Mango. ")
    assert (found.head, found.relations, found.answer) == (head, [relation], "Mango")


def test_third_person():
    assert [third_person(v) for v in ["play", "watch", "study", "have", "go"]] == [
        "plays",
        "watches",
        "studies",
        "has",
        "goes",
    ]


def test_blank_input_is_rejected():
    with pytest.raises(ValueError):
        extract("?", "x")
