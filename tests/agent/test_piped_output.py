"""Piped mode's output contract: exactly one line per message, slash-command output as it is.
In-process with litellm's ``mock_response`` (a reply with blank lines and newlines); the same
contract across real processes with the local model is in test_agent_local_model.py."""

import io
import threading

from recording_llm import RecordingClient

from usermind.agent.api import Agent
from usermind.cli import chat_loop

MULTILINE = "Here are three ideas:\n\n1. A walk by the river.\n2. A museum.\n\n  3. A picnic.  \n"


def test_each_reply_is_folded_onto_one_line_and_slash_output_is_kept(tmp_path, monkeypatch, capsys):
    agent = Agent(user="pia", home=tmp_path, llm=RecordingClient([MULTILINE]))
    monkeypatch.setattr(chat_loop, "open_agent", lambda *a, **k: agent)
    monkeypatch.setattr(chat_loop, "_warm_models", lambda model: _done_thread())
    monkeypatch.setattr("sys.stdin", io.StringIO("Any ideas for Sunday?\n\nAnd for Monday?\n/help\n"))
    chat_loop.run_chat(user="pia", model=None, home=tmp_path, session="main", interactive=False)
    out = capsys.readouterr().out.splitlines()
    folded = "Here are three ideas: 1. A walk by the river. 2. A museum. 3. A picnic."
    assert out[:2] == [folded, folded]
    help_lines = out[2:]
    assert len(help_lines) > 3 and any(line.startswith("/why") for line in help_lines)


def test_one_line_keeps_words_and_never_returns_an_empty_line():
    assert chat_loop.one_line(" a\r\nb\n\n c\t d ") == "a b c d"
    assert chat_loop.one_line("\n \n") == "(no answer)"


def _done_thread() -> threading.Thread:
    thread = threading.Thread(target=lambda: None)
    thread.start()
    return thread
