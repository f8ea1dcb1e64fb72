"""The README's example through the real agent graph (generator: litellm ``mock_response``): a stated
preference reaches a later recommendation request that does not say "my", and one the user asks for
themselves and people they never spoke of; a request about someone else and a general question stay
memory-free."""

import pytest


def test_a_stated_preference_reaches_a_later_request(mock_agent):
    agent = mock_agent(user="lia", reply="Try the lentil place.")
    agent.chat("I'm vegetarian and I live in Lisbon.")
    agent.chat("What is the capital of Peru?")
    reply = agent.chat("Suggest a dinner place for tonight.")
    why = agent.why()
    assert why["personalized"]
    assert any("vegetarian" in m.text for m in reply.memories)
    assert all("Peru" not in m["text"] for m in why["kept"])
    assert any("bears on this request" in d["reason"] or "bear" in d["reason"] for d in why["dropped"])


def test_third_person_and_general_requests_stay_memory_free(mock_agent):
    agent = mock_agent(user="lio")
    agent.chat("I'm vegetarian and I live in Lisbon.")
    for message in [
        "My cousin is looking for a good vegetarian restaurant in Madrid.",
        "How many bridges cross the Tagus?",
    ]:
        reply = agent.chat(message)
        assert reply.memories == [] and not agent.why()["personalized"], message


def test_a_request_for_the_user_and_people_they_never_spoke_of_reaches_their_own_preference(mock_agent):
    agent = mock_agent(user="lea", reply="Try the lentil place.")
    agent.chat("I'm vegetarian and I live in Lisbon.")
    agent.chat("My cousins are visiting this weekend. Where should we go for dinner?")
    assert agent.why()["personalized"]
    assert any("vegetarian" in m["text"] for m in agent.why()["kept"])
    reply = agent.chat("My neighbours are new in town. Where should they go for dinner?")
    assert reply.memories == [] and not agent.why()["personalized"]  # made for them alone


FURNISHING = [
    "Help me choose a dining table.",
    "Which curtains go with a grey wall?",
    "What rug works in a narrow hallway?",
    "Recommend a bookshelf for a small office.",
    "What fabric is best for outdoor cushions?",
    "Ideas for a cozy reading nook?",
    "How do I pick a coffee table?",
    "Which armchair is the comfiest to read in?",
    "What throw pillows go with a green couch?",
    "Best fabric for dining chair seats?",
    "Which bed frame suits a small bedroom?",
    "Leather or linen for a reading chair?",
    "What color sofa goes with oak floors?",
    "How do I clean a velvet ottoman?",
    "Recommend a sectional for a family room.",
    "What loveseat fits a tiny living room?",
]


def test_the_preference_that_bears_most_keeps_its_slot_among_many_alike_requests(mock_agent):
    """Earlier requests worded like the new one fill the ranking; the stated preference that bears on it
    most (found by its bearing, not its words) still reaches the reply, and the recall holds neither
    the message itself nor the assistant's replies, in ``recall_k`` slots at most."""
    agent = mock_agent(user="lux", reply="Here is my answer.")
    for said in ["Two cats. They shred everything.", "I get seasick on small boats.", "I'm vegetarian."]:
        agent.chat(said)
    for asked in FURNISHING:
        agent.chat(asked)
    agent.chat("Looking for a new sofa. Any fabric tips?")
    why = agent.why()
    assert why["personalized"]
    assert any("Two cats" in m["text"] for m in why["kept"])
    recalled = [*why["kept"], *(d["memory"] for d in why["dropped"])]
    assert all(m["id"] != why["turn_id"] and m.get("speaker") != "assistant" for m in recalled)
    assert len(recalled) <= agent.settings.recall_k


@pytest.mark.parametrize(
    ("said", "asked", "word"),
    [
        # in the first person: the turn itself is stored as a statement
        (
            "Any good museums in Boston? I get terribly seasick, by the way.",
            "Plan me a day out on the coast near Boston.",
            "seasick",
        ),
        # the subject left out: a fact in the user's words (the message-kind classifier's call)
        (
            "Celiac here. How do I sharpen kitchen knives?",
            "Suggest a bakery for Sunday breakfast in Lisbon.",
            "Celiac",
        ),
    ],
)
def test_a_preference_said_in_passing_reaches_a_later_request_not_the_graph(mock_agent, said, asked, word):
    """Said while asking something else, it still bears on a later request that does not name it; it is
    no relation between things, so the knowledge graph does not get it."""
    agent = mock_agent(user="lea", reply="Here are some ideas.")
    agent.chat(said)
    agent.chat("What is the capital of Peru?")
    reply = agent.chat(asked)
    assert agent.why()["personalized"]
    assert any(word in m.text for m in reply.memories)
    assert all(word.lower() not in t.tail.lower() for t in agent.knowledge_graph().triples())
