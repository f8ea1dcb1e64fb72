"""Preference-aware verification end to end through the memory system (real MiniLM embeddings)."""

STATED = [
    "I'm vegetarian and I live in Lisbon.",
    "I play the cello in an amateur orchestra.",
    "I volunteer at the animal shelter every Saturday.",
]
CHATTER = ["What is the capital of Peru?", "Give me a synonym for 'brave'."]


def _fill(mem, user="ana"):
    for i, text in enumerate(STATED + CHATTER):
        mem.add_turn(user, "s1", "user", text, ts=1_700_000_000 + i)


def _verify(mem, query, user="ana"):
    return mem.verify(user, query, mem.recall(user, query, k=8))


def test_a_request_without_my_keeps_the_preference_that_bears_on_it(mem):
    _fill(mem)
    result = _verify(mem, "Suggest a dinner place for tonight.")
    assert result.personalize
    assert [m.text for m in result.kept] == ["I'm vegetarian and I live in Lisbon."]
    reasons = {d.memory.text: d.reason for d in result.dropped}
    assert "not a stated preference" in reasons["What is the capital of Peru?"]


def test_requests_about_someone_else_and_general_questions_stay_memory_free(mem):
    _fill(mem)
    for query in [
        "My cousin is looking for ways to get more involved in their community.",
        "What should I get my boss for his retirement party?",
        "How long does it take to learn the cello?",
        "Why do vegetarians need vitamin B12?",
    ]:
        result = _verify(mem, query)
        assert result.kept == [] and not result.personalize, query


def test_the_request_channel_recalls_the_statement_despite_chatter(mem):
    _fill(mem)
    for i in range(30):
        mem.add_turn("ana", "s2", "user", f"Tell me a fun fact about dinner traditions, number {i}.")
    found = mem.recall("ana", "Suggest a dinner place for tonight.", k=8)
    assert "I'm vegetarian and I live in Lisbon." in [m.text for m in found]
