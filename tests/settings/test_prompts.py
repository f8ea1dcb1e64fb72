"""The prompt library: registry, overrides from settings and from Agent, through the real agent graph
(generation is a recording litellm ``mock_response`` client)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.agent.recording_llm import RecordingClient
from tests.settings.test_parts import CharEmbedder
from usermind.agent.api import Agent
from usermind.errors import ConfigError
from usermind.prompts import PromptLibrary, answer_model, get_prompt, prompt_names, render
from usermind.settings import load_settings, set_cli_layer

PACKAGE = Path(__file__).resolve().parents[2] / "usermind"


@pytest.fixture(autouse=True)
def clean_sources(monkeypatch, tmp_path):
    for name in list(__import__("os").environ):
        if name.startswith("USERMIND_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("USERMIND_HOME", str(tmp_path / "home"))
    set_cli_layer({})


def test_every_prompt_renders_from_its_fields_and_names_its_answer():
    assert len(prompt_names()) >= 10
    for name in prompt_names():
        prompt = get_prompt(name)
        text = render(name, **{field: f"<{field}>" for field in prompt.fields})
        for field in prompt.fields:
            assert f"<{field}>" in text, (name, field)
    assert answer_model("fact_extraction").__name__ == "ExtractedFacts"
    with pytest.raises(ConfigError, match="free text"):
        answer_model("memory_recheck")


def test_no_llm_prompt_outside_the_prompt_package():
    """Model messages are built only from usermind/prompts (the eval harnesses' included)."""
    pattern = re.compile(r"\"content\": (f?\"|\()|PROMPT = |= \"\"\"[A-Z][a-z]+ (the|a|you|are)")
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("prompts/"):
            continue
        offenders += [
            f"{relative}:{n}"
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if pattern.search(line)
        ]
    assert offenders == []


def test_template_file_override_from_settings_reaches_the_model(tmp_path):
    template = tmp_path / "recheck.txt"
    template.write_text("KEEP WHAT HELPS {message}\n{memories}")
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(f'llm_verify = true\n[prompts]\nmemory_recheck = "{template}"\n')
    llm = RecordingClient(["NO RELEVANT CONTEXT", "Fine."])
    with Agent("erin", home=home, llm=llm, embedder=CharEmbedder()) as agent:
        agent.chat("I keep bees on my roof.")
        agent.chat("What do I keep on my roof?")
    sent = [messages[0]["content"] for messages, _ in llm.calls]
    assert any(text.startswith("KEEP WHAT HELPS What do I keep on my roof?\n[1] ") for text in sent), sent


def test_callable_override_from_agent_reaches_the_model(tmp_path):
    seen: list[str] = []

    def my_extraction(*, turns: str) -> str:
        seen.append(turns)
        return "EXTRACT AS JSON:\n" + turns

    llm = RecordingClient(['{"facts": []}', "Nice."])
    agent = Agent(
        "fred",
        home=tmp_path / "home",
        llm=llm,
        embedder=CharEmbedder(),
        llm_extraction=True,
        prompts={"fact_extraction": my_extraction},
    )
    with agent:
        agent.chat("I moved to Lisbon last year.")
        agent.flush()
    assert seen and "I moved to Lisbon last year." in seen[0]
    assert any(m[0]["content"].startswith("EXTRACT AS JSON:\n[1] ") for m, _ in llm.calls)
    assert render("fact_extraction", turns="x").startswith("Extract durable facts")  # not leaked


def test_bad_overrides_are_one_line_errors(tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("uses {nonsense}")
    with pytest.raises(ConfigError, match=r"prompts.memory_recheck: template .* uses \{nonsense\}"):
        PromptLibrary({"memory_recheck": str(template)})
    with pytest.raises(ConfigError, match="cannot read template"):
        PromptLibrary({"memory_recheck": str(tmp_path / "missing.txt")})
    with pytest.raises(ConfigError, match=r"invalid settings: prompts .*unknown prompt 'fact_extractoin'"):
        load_settings(overrides={"prompts": {"fact_extractoin": "x.txt"}})
