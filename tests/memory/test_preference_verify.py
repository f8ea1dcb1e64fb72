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


def test_a_how_to_or_a_writing_task_weighs_no_preference_unless_it_names_someone_the_user_did(db, embedder):
    """A request like none of the example requests a preference bears on ("How do I convert ...",
    "Write a formal email ...") keeps no stated preference; with the likeness floor off, it kept one
    (OP-Bench's contextual misalignment).  A request naming someone the user spoke of is weighed still."""
    from usermind.memory import MemorySystem
    from usermind.memory.config import MemoryConfig, VerifyConfig

    said = [
        "I'm vegetarian and I live in Lisbon.",
        "I feel sharing experiences is important to help promote understanding.",
        "Sue from accounting loves orchids and hates scented candles.",
    ]
    tasks = [
        "How do I convert 30 degrees Celsius to Fahrenheit?",
        "Write a formal email declining a meeting invitation.",
    ]
    kept = {}
    for floor in (0.0, MemoryConfig().verify.request_likeness):
        mem = MemorySystem(db, embedder, config=MemoryConfig(verify=VerifyConfig(request_likeness=floor)))
        user = f"ana-{floor}"
        for i, text in enumerate(said):
            mem.add_turn(user, "s1", "user", text, ts=1_700_000_000 + i)
        kept[floor] = {q: [m.text for m in _verify(mem, q, user).kept] for q in tasks}
        assert _verify(mem, "Suggest a dinner place for tonight.", user).kept[0].text == said[0]
        assert said[2] in [m.text for m in _verify(mem, "End of year thank-you present for Sue?", user).kept]
    assert all(kept[0.0][q] for q in tasks)  # the floor is what keeps them out
    assert not any(kept[MemoryConfig().verify.request_likeness][q] for q in tasks)


def test_like_examples_and_inner_names():
    import numpy as np

    from usermind.memory.bearing import like_examples
    from usermind.memory.people import inner_names

    examples = np.eye(3, dtype=np.float32)
    assert like_examples(np.array([0.6, 0.8, 0.0], dtype=np.float32), examples) == np.float32(0.8)
    assert like_examples(np.ones(3, dtype=np.float32), np.zeros((0, 3), dtype=np.float32)) == 1.0
    assert inner_names("End of year present for Sue? Bob said so. How about Ann") == {"sue", "ann"}
