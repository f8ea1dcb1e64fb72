"""The pieces of the compact profile: grammatical person, statements, the reply check."""

import pytest

from usermind.agent.grounded import acknowledgement, grounded_fallback, is_statement
from usermind.agent.person import address_user, fact_to_second_person, fact_to_third_person, third_person
from usermind.agent.prompt_compact import reply_language
from usermind.agent.reply_quality import reply_problem


@pytest.mark.parametrize(
    ("fact", "said"),
    [
        ("User is vegetarian", "you are vegetarian"),
        ("User's name is Zed", "your name is Zed"),
        ("User studies physics", "you study physics"),
        ("User no longer lives in Porto", "you no longer live in Porto"),
        ("the user likes jazz", "you like jazz"),
    ],
)
def test_facts_said_to_the_user(fact, said):
    assert fact_to_second_person(fact) == said


def test_first_person_turns_become_third_person_facts():
    told = third_person("I'm vegetarian and I live in Lisbon")
    assert told == "the user is vegetarian and the user lives in Lisbon"
    assert third_person("I went to Rome with my brother") == "the user went to Rome with the user's brother"
    assert fact_to_third_person("User has a cat") == "the user has a cat"


def test_third_person_replies_are_addressed_to_the_user():
    said = address_user("The user lives in Lisbon. The user's cat is Miso.")
    assert said == "You live in Lisbon. Your cat is Miso."


def test_advice_written_as_the_users_is_the_assistants_own():
    said = address_user('The user suggests a café called "Bacalé" in Lisbon, as the user recommends it.')
    assert said == 'I suggest a café called "Bacalé" in Lisbon, as I recommend it.'
    assert address_user("The user's suggestions were good.") == "Your suggestions were good."


@pytest.mark.parametrize(
    ("message", "statement"),
    [
        ("I'm vegetarian and I live in Lisbon.", True),
        ("My sister moved to Oslo last year!", True),
        ("Where do I live?", False),
        ("I'm hungry. Suggest a dinner place.", False),
        ("Tell me about my week", False),
        ("The weather is nice.", False),  # nothing about the user
    ],
)
def test_statements_are_told_not_asked(message, statement):
    assert is_statement(message) is statement


def test_long_statement_without_facts_gets_a_short_acknowledgement():
    text, facts = acknowledgement("I " + "really " * 30 + "enjoyed the concert.")
    assert text == "Noted, I will remember what you told me." and facts == []


def test_fallback_is_built_from_the_memories_it_is_given():
    memories = [
        {"id": "f1", "kind": "fact", "text": "User is vegetarian"},
        {"id": "t1", "kind": "turn", "text": "I live in Lisbon."},
    ]
    said = grounded_fallback(memories)
    assert said == "Here is what I know that may help: you are vegetarian; you live in Lisbon."


def test_fallback_does_not_say_a_fact_twice():
    memories = [
        {"id": "t1", "kind": "turn", "text": "I'm vegetarian and I live in Lisbon."},
        {"id": "f1", "kind": "fact", "text": "User lives in Lisbon"},
        {"id": "f2", "kind": "fact", "text": "User has a cat"},
    ]
    said = grounded_fallback(memories).removeprefix("Here is what I know that may help: ")
    assert said == "you're vegetarian and you live in Lisbon; you have a cat."


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("You live in Lisbon, Portugal.", None),
        ("Paris.", None),
        ("", "empty reply"),
        ("Eu estes dei vegetariani, alembrafazo da dieta tambem.", "does not read as English"),
        ("Вы живёте в Лиссабоне.", "not in the Latin script of an English reply"),
        ("I like it and I like it and I like it and I like it.", "repeats itself"),
        ("See <facts> for more.", "prompt scaffolding in the reply"),
    ],
)
def test_reply_problems(reply, problem):
    assert reply_problem(reply, english=True, earlier=[]) == problem


def test_non_english_reply_is_fine_when_the_user_writes_in_another_script():
    assert reply_language("Где я живу?") == "the language of the user's message"
    assert reply_problem("Вы живёте в Лиссабоне.", english=False, earlier=[]) is None
    assert reply_language("Где я живу?", pinned="Russian") == "Russian"


def test_ignores_memory_only_for_questions_about_the_user_and_only_by_answer_words():
    from usermind.agent.reply_quality import asks_about_user, ignores_memory

    facts = ["the user plays chess on weekends"]
    assert asks_about_user("Which game do I play on weekends?")
    assert asks_about_user("Remind me of my sister's name.")
    assert not asks_about_user("What should I play this weekend?")  # advice
    assert not asks_about_user("Which games are popular?")  # not about the user
    assert ignores_memory("Which game do I play on weekends?", "You play a board game.", facts)
    assert ignores_memory("Which game do I play on weekends?", "You play chess.", facts) is None
    assert ignores_memory("Which game do I play on weekends?", "Games are fun.", []) is None
    # the words the question already says are not answers: only "chess" is
    assert ignores_memory("Do I play chess on weekends?", "Yes, on weekends.", facts) is None


def test_first_person_words_inside_a_fact_follow_the_person_it_is_said_in():
    from usermind.agent.person import fact_to_second_person, fact_to_third_person

    assert fact_to_second_person("User lives in Lyon with my husband") == "you live in Lyon with your husband"
    assert fact_to_third_person("User lives in Lyon with my husband") == (
        "the user lives in Lyon with the user's husband"
    )


def test_fallback_never_says_the_users_own_questions_back():
    from usermind.agent.grounded import grounded_fallback

    memories = [
        {"kind": "turn", "text": "Which city am I living in?"},
        {"kind": "turn", "text": "Suggest a good bakery. I love croissants."},
        {"kind": "fact", "text": "User is a nurse"},
        {"kind": "turn", "text": "My sister lives in Nantes."},
    ]
    assert grounded_fallback(memories) == (
        "Here is what I know that may help: you are a nurse; your sister lives in Nantes."
    )


def test_the_memory_systems_reading_of_a_request_decides_over_the_wording_rules():
    from usermind.agent.reply_quality import asks_about_user, ignores_memory

    facts = ["The user plays chess on weekends"]
    question = "Which game do I play on weekends?"
    assert asks_about_user(question) and not asks_about_user(question, request=True)
    assert ignores_memory(question, "You play a board game.", facts) is not None
    assert ignores_memory(question, "You play a board game.", facts, request=True) is None
    advice = "What should I play this weekend?"  # the rules: a request
    assert not asks_about_user(advice) and asks_about_user(advice, request=False)
