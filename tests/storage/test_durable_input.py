"""Durable-first turns and hostile input: nothing the user typed is lost, nothing crashes the loop."""

import sqlite3

import numpy as np
import pytest

from tests.storage.helpers import run_cli
from usermind.agent.api import Agent
from usermind.errors import ConfigError, ModelError
from usermind.llm.client import LLMClient
from usermind.memory import MemorySystem
from usermind.storage import Database


class FlakyEmbedder:
    """A deterministic bag-of-characters embedder that fails while ``down`` is set."""

    dim = 16

    def __init__(self):
        self.down = False

    def embed(self, texts):
        if self.down:
            raise ModelError("embedding model is down")
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for ch in text.lower():
                rows[i, ord(ch) % self.dim] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def test_turn_is_committed_before_embedding_and_repaired_later(tmp_path):
    embedder = FlakyEmbedder()
    mem = MemorySystem(Database(tmp_path / "db.sqlite3"), embedder)
    embedder.down = True
    with pytest.raises(ModelError, match="down"):
        mem.add_turn("alice", "s", "user", "My passport number ends in 4471.")
    other = sqlite3.connect(tmp_path / "db.sqlite3")  # committed: another connection sees it
    assert other.execute("SELECT text, length(vec) FROM mem_turns").fetchall() == [
        ("My passport number ends in 4471.", 0)
    ]
    assert [t.text for t in mem.episodic.missing_vectors("alice")] == ["My passport number ends in 4471."]
    embedder.down = False
    mem.add_turn("alice", "s", "user", "I like tea.")  # the next turn fills in the earlier vector
    assert mem.episodic.missing_vectors("alice") == []
    assert other.execute("SELECT COUNT(*) FROM mem_turns WHERE length(vec) = 64").fetchone()[0] == 2
    assert any("4471" in m.text for m in mem.recall("alice", "passport number", k=2))


def test_repair_fills_vectors_without_a_new_turn(tmp_path):
    embedder = FlakyEmbedder()
    mem = MemorySystem(Database(tmp_path / "db.sqlite3"), embedder)
    embedder.down = True
    for text in ("first", "second"):
        with pytest.raises(ModelError):
            mem.add_turn("bob", "s", "user", text)
    embedder.down = False
    assert mem.repair("bob") == 2 and mem.repair("bob") == 0
    assert {m.text for m in mem.recall("bob", "first second", k=5)} == {"first", "second"}


def test_agent_stores_invalid_utf8_and_nul_with_replacement(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="ana", home=tmp_path, llm=llm) as agent:
        agent.chat(b"caf\xe9 \xff\xfe menu")
        agent.chat("a\x00b")
        texts = [m.text for m in agent.memories(kind="turn") if m.speaker != "assistant"]
    assert texts == ["caf\ufffd \ufffd\ufffd menu", "a\ufffdb"]


def test_message_over_the_limit_is_refused_with_a_clear_error_and_not_stored(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="ana", home=tmp_path, llm=llm, max_message_chars=100) as agent:
        with pytest.raises(ConfigError, match=r"message too long: 101 characters, the limit is 100"):
            agent.chat("x" * 101)
        assert agent.memories() == []
        assert agent.chat("y" * 100).text == "ok"


def test_cli_survives_invalid_utf8_nul_failures_and_bad_commands(tmp_path):
    stdin = (
        b"caf\xe9 \xff\xfe hello\nnul \x00 here\n/forget\n/persona set\n" + b"z" * 40_000 + b"\nlast one\n"
    )
    done = run_cli(tmp_path, "chat", "--user", "zed", stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr + done.stdout
    lines = done.stdout.decode().splitlines()
    assert any(line.startswith("error: message too long: 40,000 characters") for line in lines)
    assert lines[-1] == "ok"  # the loop went on after every bad line
    db = sqlite3.connect(tmp_path / "usermind.sqlite3")
    stored = [r[0] for r in db.execute("SELECT text FROM mem_turns WHERE role = 'user' ORDER BY seq")]
    assert stored == ["caf\ufffd \ufffd\ufffd hello", "nul \ufffd here", "last one"]


def test_long_message_is_cut_for_the_prompt_but_stored_in_full(tmp_path):
    llm = LLMClient("openai/gpt-4o-mini", mock_response="ok", retries=0)
    with Agent(user="ana", home=tmp_path, llm=llm, max_prompt_message_chars=1_000) as agent:
        sent = []
        complete = agent.llm.complete
        agent.llm.complete = lambda messages, **kw: sent.append(messages) or complete(messages, **kw)
        text = "start " + "word " * 4_000 + "end"
        agent.chat(text)
        assert [m.text for m in agent.memories(kind="turn")][0] == text
    prompt = sent[0][-1]["content"]
    assert prompt.startswith("start word") and text[-50:] not in prompt
    assert "19,009 more characters of this message not shown" in prompt and len(prompt) < 1_200
