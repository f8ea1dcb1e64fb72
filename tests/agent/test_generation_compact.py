"""The compact generation profile through the agent graph, with litellm's ``mock_response`` as the
generator: acknowledgements, the reply check, the stricter regeneration and the memory-grounded
fallback.  Real local-model runs are in test_agent_local_model.py."""

from recording_llm import RecordingClient

from usermind.agent.api import Agent

T0 = 1_700_000_000.0
GIBBERISH = "Eu estes dei vegetariani, alembrafazo da dieta e muito bom para os dias da semana."


def _agent(tmp_path, replies: list[str], **settings) -> tuple[Agent, RecordingClient]:
    llm = RecordingClient(replies)
    return Agent(user="alice", home=tmp_path, llm=llm, generation="compact", **settings), llm


def test_statement_gets_an_acknowledgement_of_the_extracted_facts_without_a_model_call(tmp_path):
    agent, llm = _agent(tmp_path, ["should not be used"])
    with agent:
        reply = agent.chat("I'm vegetarian and I live in Lisbon.", now=T0)
        assert reply.text == "Noted: you are vegetarian and you live in Lisbon."
        assert reply.llm.calls == 0 and llm.calls == []
        record = agent.why()["reply_source"]
        assert record["source"] == "acknowledgement"
        assert record["facts"] == ["User is vegetarian", "User lives in Lisbon"]
        facts = [m.text for m in agent.memories(kind="fact")]
        assert "User is vegetarian" in facts and "User lives in Lisbon" in facts  # what it said it kept


def test_statement_without_an_extracted_fact_is_said_back_in_the_second_person(tmp_path):
    agent, _ = _agent(tmp_path, ["unused"])
    with agent:
        reply = agent.chat("I went hiking in the Alps with my sister last weekend.", now=T0)
        assert reply.text == "Noted: you went hiking in the Alps with your sister last weekend."


def test_questions_and_requests_go_to_the_model_with_the_compact_layout(tmp_path):
    agent, llm = _agent(tmp_path, ["You live in Lisbon."])
    with agent:
        agent.chat("I'm vegetarian and I live in Lisbon.", now=T0)
        reply = agent.chat("Which city do I live in?", now=T0 + 60)
        assert reply.text == "You live in Lisbon." and reply.llm.calls == 1
        messages, options = llm.calls[0]
        assert options["stop"] == ["\n\n"] and options["max_tokens"] == 64
        assert [m["role"] for m in messages] == ["system", "system", "user"]  # no chat history
        assert "Reply in English" in messages[0]["content"]
        assert '"the user lives in Lisbon"' in messages[1]["content"]  # a third-person fact, quoted
        assert agent.why()["reply_source"]["source"] == "model"


def test_degenerate_reply_is_regenerated_once_then_replaced_by_a_memory_grounded_fallback(tmp_path):
    agent, llm = _agent(tmp_path, [GIBBERISH, "the the the the the the the the the the the the"])
    with agent:
        agent.chat("I'm vegetarian and I live in Lisbon.", now=T0)
        reply = agent.chat("Which city do I live in?", now=T0 + 60)
        assert len(llm.calls) == 2
        strict_options = llm.calls[1][1]
        assert strict_options["temperature"] == 0.0 and strict_options["stop"] == ["\n"]
        assert reply.text.startswith("Here is what I know that may help: ")
        assert "you live in Lisbon" in reply.text
        record = agent.why()["reply_source"]
        assert record["source"] == "fallback"
        assert record["problems"] == ["does not read as English", "repeats itself"]
        kept_ids = {m["id"] for m in agent.why()["kept"]}
        assert record["memory_ids"] and set(record["memory_ids"]) == kept_ids


def test_a_good_second_attempt_is_used_and_recorded(tmp_path):
    agent, llm = _agent(tmp_path, [GIBBERISH, "The user lives in Lisbon, Portugal."])
    with agent:
        agent.chat("I'm vegetarian and I live in Lisbon.", now=T0)
        reply = agent.chat("Which city do I live in?", now=T0 + 60)
        assert reply.text == "You live in Lisbon, Portugal."  # said to the user, not about them
        record = agent.why()["reply_source"]
        assert record == {"source": "regenerated", "problems": ["does not read as English"]}


def test_copy_of_an_earlier_reply_is_rejected(tmp_path):
    same = "Owls can turn their heads a long way and they hunt at night in the woods."
    agent, llm = _agent(tmp_path, [same, same, same])
    with agent:
        first = agent.chat("Tell me a fun fact about owls.", now=T0)
        assert first.text == same
        second = agent.chat("Tell me something about night birds.", now=T0 + 60)
        assert second.text != same
        assert agent.why()["reply_source"]["problems"] == ["copies an earlier reply"] * 2


def test_a_reply_that_ignores_the_fact_asked_about_is_regenerated_then_falls_back(tmp_path):
    off = "Your parrot is a common name for the Blue-crowned Parrot of the Psittacidae family."
    agent, llm = _agent(tmp_path, [off, "Parrots have many names."])
    with agent:
        agent.chat("My parrot's name is Kiwi.", now=T0)
        reply = agent.chat("Remind me of my parrot's name.", now=T0 + 60)
        assert len(llm.calls) == 2
        assert "Kiwi" in reply.text and reply.text.startswith("Here is what I know")
        record = agent.why()["reply_source"]
        assert record["problems"] == ["ignores the remembered facts it was asked about"] * 2


def test_advice_and_general_questions_need_not_repeat_a_remembered_word(tmp_path):
    agent, llm = _agent(tmp_path, ["How about a chickpea curry with rice?", "They eat seeds and fruit."])
    with agent:
        agent.chat("I'm vegetarian and I live in Lisbon.", now=T0)
        advice = agent.chat("What should I cook tonight?", now=T0 + 60)
        assert advice.text == "How about a chickpea curry with rice?"
        general = agent.chat("What do parrots eat?", now=T0 + 120)
        assert general.text == "They eat seeds and fruit." and len(llm.calls) == 2


def test_no_memories_fallback_is_an_honest_non_answer(tmp_path):
    agent, _ = _agent(tmp_path, [GIBBERISH])
    with agent:
        reply = agent.chat("What is the capital of France?", now=T0)
        assert reply.text == "Sorry, I don't have a good answer to that."
        assert agent.why()["reply_source"]["memory_ids"] == []


def test_full_profile_keeps_history_and_no_acknowledgement(tmp_path):
    llm = RecordingClient(["Great, noted."])
    with Agent(user="bob", home=tmp_path, llm=llm) as agent:  # a capable model: full layout by default
        assert agent.chat("I'm vegetarian.", now=T0).text == "Great, noted."
        agent.chat("What do I eat?", now=T0 + 1)
        roles = [m["role"] for m in llm.calls[1][0]]
        assert roles[-3:] == ["user", "assistant", "user"]
