"""Forgetting one memory reaches the conversation checkpoints (issue #12): its text leaves the chat
history, ``why`` and every stored checkpoint byte, while the rest of the conversation stays and goes
on.  Through the agent graph with litellm's ``mock_response``."""

from tests.storage.helpers import marker_hits
from usermind.agent.checkpoint_scrub import FORGOTTEN, Needles, scrub_history, scrub_values

T0 = 1_700_000_000.0
SECRET = "Zqxlocker4471"


def test_forgetting_a_turn_removes_it_from_every_checkpoint(tmp_path, mock_agent):
    agent = mock_agent(user="ada", reply="Noted.")
    agent.chat(f"My locker code is {SECRET}.", now=T0)
    agent.chat("I like hiking in the Alps.", now=T0 + 60)
    agent.chat("What is my locker code?", now=T0 + 120)
    assert any(SECRET in m["text"] for m in agent.why()["kept"])
    assert sum(marker_hits(tmp_path / "home", SECRET).values()) > 0
    turn = next(m for m in agent.memories(kind="turn") if SECRET in m.text)

    assert agent.forget(turn.id)

    assert SECRET not in str(agent.history()) and SECRET not in str(agent.why())
    assert sum(marker_hits(tmp_path / "home", SECRET).values()) == 0  # db, -wal: no byte left
    texts = [m["content"] for m in agent.history()]
    assert "I like hiking in the Alps." in texts and "What is my locker code?" in texts
    assert len(texts) == 4  # the forgotten message and the reply to it are gone, the rest stays
    agent.chat("Where do I like hiking?", now=T0 + 180)  # the conversation goes on
    assert [m["content"] for m in agent.history()][-2] == "Where do I like hiking?"
    assert SECRET not in str(agent.why())


def test_other_users_threads_are_left_alone(mock_agent):
    ada, bob = mock_agent(user="ada"), mock_agent(user="bob")
    ada.chat(f"My code is {SECRET}.", now=T0)
    bob.chat(f"Bob's code is {SECRET} too.", now=T0)
    turn = next(m for m in ada.memories(kind="turn") if SECRET in m.text)
    ada.forget(turn.id)
    assert SECRET not in str(ada.history())
    assert any(SECRET in m["content"] for m in bob.history())


def test_scrub_values_drops_mentions_and_keeps_the_rest():
    needles = Needles(["t1"], ["my locker code is 4471"])
    values = {
        "message": "My locker code is   4471",
        "memories": [{"id": "t1", "text": "x"}, {"id": "t2", "text": "hiking"}],
        "why": {"kept": [{"id": "t9", "text": "said: my locker code is 4471 today"}], "dropped": []},
        "reply": "fine",
        "history": [
            {"role": "user", "content": "my locker code is 4471"},
            {"role": "assistant", "content": "Noted."},
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "hi"},
        ],
    }
    out = scrub_values(values, needles)
    assert out["message"] == FORGOTTEN and out["reply"] == "fine"
    assert out["memories"] == [{"id": "t2", "text": "hiking"}] and out["why"]["kept"] == []
    assert out["history"] == values["history"][2:]


def test_short_texts_match_only_by_id():
    needles = Needles(["t1"], ["ok"])
    assert scrub_history([{"role": "user", "content": "ok then"}], needles) == [
        {"role": "user", "content": "ok then"}
    ]
    assert not Needles([], ["ok"])
