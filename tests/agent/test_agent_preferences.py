"""The README's example through the real agent graph (generator: litellm ``mock_response``): a stated
preference reaches a later recommendation request that does not say "my"; a request about someone
else and a general question stay memory-free."""


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
