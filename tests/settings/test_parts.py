"""Your own embedder and graph backend, injected or registered, through the real agent graph
(generation is litellm's ``mock_response``: no model is loaded)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from usermind.agent.api import Agent
from usermind.errors import ConfigError
from usermind.graphs.driver.networkx_driver import NetworkXBackend
from usermind.llm.client import LLMClient
from usermind.protocols import ChatModel, Embedder, GraphBackend
from usermind.registry import graph_backend_names, register_embedder, register_graph_backend
from usermind.settings import set_cli_layer
from usermind.storage import Database


class CharEmbedder:
    """Bag of characters: deterministic, instant, and counts its calls."""

    dim = 32

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for ch in text.lower():
                rows[i, ord(ch) % self.dim] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class CountingBackend(NetworkXBackend):
    """A custom backend: the built-in store plus a count of the writes the agent makes."""

    name = "counting"

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.writes = 0

    def _put(self, user_id, triple):
        self.writes += 1
        super()._put(user_id, triple)


@pytest.fixture(autouse=True)
def clean_sources(monkeypatch, tmp_path):
    for name in list(__import__("os").environ):
        if name.startswith("USERMIND_") or name.startswith("NEO4J_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("USERMIND_HOME", str(tmp_path / "home"))
    set_cli_layer({})
    yield
    set_cli_layer({})


def _llm(reply: str = "ok") -> LLMClient:
    return LLMClient("openai/gpt-4o-mini", mock_response=reply, retries=0)


def test_the_builtin_parts_satisfy_the_protocols():
    assert isinstance(CharEmbedder(), Embedder)
    assert isinstance(_llm(), ChatModel)
    assert issubclass(CountingBackend, GraphBackend)


def test_injected_embedder_and_graph_are_used_through_the_graph(tmp_path):
    embedder = CharEmbedder()
    graph = CountingBackend(Database(tmp_path / "graph.sqlite3"))
    with Agent("alice", home=tmp_path / "home", llm=_llm("Noted."), embedder=embedder, graph=graph) as agent:
        reply = agent.chat("I keep bees on my roof.")
        agent.react("honey cake", liked=True)
        assert reply.text
        assert agent.memory.embedder is embedder and embedder.calls > 0
        assert agent.graph_backend is graph and graph.writes == 1
        assert [t.tail for t in graph.list_triples("alice")] == ["honey cake"]


def test_registered_embedder_and_backend_are_chosen_by_settings(tmp_path):
    made: list[CharEmbedder] = []

    def embedder_factory(model, settings):
        made.append(CharEmbedder())
        return made[-1]

    register_embedder("chars/", embedder_factory)
    register_graph_backend("counting", lambda settings, db: CountingBackend(db))
    assert "counting" in graph_backend_names()
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('embedding_model = "chars/v1"\ngraph_backend = "counting"\n')
    with Agent("bob", home=home, llm=_llm()) as agent:
        agent.chat("I love hiking.")
        assert agent.memory.embedder.impl is made[0] and made[0].calls > 0  # re-centred (llm.centring)
        assert isinstance(agent.graph_backend, CountingBackend)
        assert agent.settings_sources["graph_backend"] == f"file {home / 'config.toml'}"


def test_agent_settings_reach_the_parts(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("recall_k = 3\n[memory.weights]\ndense = 0.9\n")
    monkeypatch.setenv("USERMIND_MEMORY__CANDIDATE_POOL", "50")
    agent = Agent("carol", home=home, llm=_llm(), embedder=CharEmbedder(), memory={"recall_facts": False})
    with agent:
        assert agent.settings.recall_k == 3
        assert agent.memory.config.weights.dense == 0.9
        assert agent.memory.config.candidate_pool == 50
        assert agent.memory.config.recall_facts is False
        assert agent.settings_sources["memory.candidate_pool"] == "env USERMIND_MEMORY__CANDIDATE_POOL"
    with pytest.raises(ConfigError, match=r"invalid settings: recall_k = 0 \(from Agent"):
        Agent("carol", home=home, llm=_llm(), embedder=CharEmbedder(), recall_k=0)


def test_mock_response_is_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("USERMIND_LLM__MOCK_RESPONSE", "A canned answer.")
    with Agent("dan", model="openai/gpt-4o-mini", home=tmp_path / "home", embedder=CharEmbedder()) as agent:
        assert agent.chat("What is the capital of France?").text == "A canned answer."


def test_config_show_masks_secrets_and_names_sources(tmp_path, monkeypatch):
    from usermind.cli.main import app

    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[graph.neo4j]\npassword = "hunter2"\nuri = "bolt://127.0.0.1:7687"\n')
    monkeypatch.setenv("USERMIND_RECALL_K", "5")
    result = CliRunner().invoke(app, ["--set", "temperature=0.5", "config", "show", "--home", str(home)])
    assert result.exit_code == 0, result.output
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert "hunter2" not in result.output
    assert '"********"' in lines["graph.neo4j.password"] and "# file" in lines["graph.neo4j.password"]
    assert lines["recall_k"].endswith("# env USERMIND_RECALL_K")
    assert lines["temperature"].endswith("# cli --set")
    assert lines["history_turns"].endswith("# default")


def test_cli_invalid_setting_exits_2_with_one_line(tmp_path):
    from usermind.cli.main import app

    result = CliRunner().invoke(app, ["--set", "memory.weights.dense=-1", "config", "show"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: invalid settings: memory.weights.dense = '-1' (from cli --set): "
        "Input should be greater than or equal to 0"
    ]


def test_kgt_section_reaches_the_editor(tmp_path, monkeypatch):
    """``[kgt]`` in the config file becomes the KGT editor's configuration in ``Agent.feedback``."""
    from usermind.graphs.kgt import editor

    (tmp_path / "config.toml").write_text("[kgt]\nmax_candidates = 1\nepsilon = 0.25\n")
    seen = {}

    class Spy(editor.KGTEditor):
        def tune(self, query, answer):
            seen["config"] = self.config
            return None

    monkeypatch.setattr(editor, "KGTEditor", Spy)
    monkeypatch.setattr("usermind.graphs.kgt.KGTEditor", Spy)
    agent = Agent(user="kim", home=tmp_path, llm=LLMClient("openai/gpt-4o-mini", mock_response="ok"))
    try:
        agent.feedback("Lisbon", query="Where do I live?")
    finally:
        agent.close()
    assert seen["config"].max_candidates == 1 and seen["config"].epsilon == 0.25
