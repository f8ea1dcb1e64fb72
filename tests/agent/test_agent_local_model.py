"""End to end with the real local model (SmolLM2-135M through llama.cpp): the agent graph, the
CLI in separate processes, and the examples.  Slow: each loads the model and generates."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from usermind.agent.api import Agent

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _cli(home: Path, user: str, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "USERMIND_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "usermind.cli.main", "chat", "--user", user],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_cli_remembers_across_processes_and_why_shows_the_memory(tmp_path):
    first = _cli(tmp_path, "zed", "My name is Zed and I keep bees on my roof.\n")
    assert first.returncode == 0, first.stderr
    assert len([line for line in first.stdout.splitlines() if line.strip()]) >= 1
    second = _cli(tmp_path, "zed", "What animals do I keep?\n/why\n")
    assert second.returncode == 0, second.stderr
    why = second.stdout.split("last message: What animals do I keep?", 1)[1]
    used = why.split("dropped by verification:")[0]
    assert "used memories:" in used and "bees on my roof" in used
    assert "Traceback" not in second.stderr


def test_piped_cli_prints_exactly_one_line_per_message_across_processes(tmp_path):
    told = _cli(tmp_path, "pia", "I'm vegetarian and I live in Lisbon.\nI also play the cello.\n")
    assert told.returncode == 0, told.stderr
    assert told.stdout.splitlines() == [
        "Noted: you are vegetarian and you live in Lisbon.",
        "Noted: you also play the cello.",
    ]
    asks = [
        "Write a short poem about the sea, one line per verse.",
        "List three fruits, one per line.",
        "Where do I live?",
        "Suggest a dinner place for tonight in Lisbon.",
    ]
    asked = _cli(tmp_path, "pia", "".join(f"{a}\n" for a in asks))
    assert asked.returncode == 0, asked.stderr
    lines = asked.stdout.splitlines()
    assert len(lines) == len(asks) and all(line.strip() for line in lines)
    assert "Traceback" not in asked.stderr


def test_cli_bad_input_gives_one_line_errors(tmp_path):
    bad_user = _cli(tmp_path, "../etc", "hi\n")
    assert bad_user.returncode == 1 and bad_user.stderr.strip().startswith("error: invalid user id")
    assert "Traceback" not in bad_user.stderr
    env = {**os.environ, "USERMIND_HOME": str(tmp_path)}
    bad_model = subprocess.run(
        [sys.executable, "-m", "usermind.cli.main", "chat", "--user", "a", "--model", "nope-model-x"],
        input="hi\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad_model.returncode == 1 and "unknown model string 'nope-model-x'" in bad_model.stderr
    assert len(bad_model.stderr.strip().splitlines()) == 1


def test_agent_graph_with_local_model_resumes_after_restart(tmp_path):
    with Agent(user="lia", home=tmp_path) as agent:
        first = agent.chat("My favourite colour is teal and my cat is called Miso.")
        assert first.text == "Noted: your favorite colour is teal and your cat is Miso."  # no model call
        assert first.llm.calls == 0
    with Agent(user="lia", home=tmp_path) as agent:
        reply = agent.chat("What is my cat called?")
        assert any("Miso" in m.text for m in reply.memories)
        assert reply.llm.calls == 1
        assert agent.history()[0]["content"].startswith("My favourite colour is teal")


def test_examples_run_offline(tmp_path):
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import custom_assistant
        import scripted_chat
    finally:
        sys.path.pop(0)
    lines = custom_assistant.main(["--home", str(tmp_path / "a")])
    assert "(tool: 2 cup = 480.0 ml)" in lines[1]
    transcript = scripted_chat.main(["--home", str(tmp_path / "b")])
    why = transcript[-1]
    assert "Pixel" in why.split("used memories:", 1)[1].split("dropped by verification:")[0]


def test_feedback_tunes_the_graph_and_the_next_answer_sees_it(tmp_path):
    from usermind.cli.slash import dispatch

    with Agent(user="ona", home=tmp_path) as agent:
        agent.chat("Which city do I live in?")
        out = dispatch(agent, "/feedback Lisbon")
        assert out.startswith("tuned your graph for: Which city do I live in?")
        assert "Lisbon" in out and "+ user" in out
        triples = agent.knowledge_graph().triples()
        assert any(t.tail == "Lisbon" and t.provenance.source == "kgt" for t in triples)
        reply = agent.chat("Which city do I live in?")
        assert any(m.kind == "graph" and "Lisbon" in m.text for m in reply.memories)
