"""Every setting from every source, and the order of the sources (no model is loaded)."""

from __future__ import annotations

import pytest

from tests.settings.values import env_text, every_setting, nested, read, toml_text
from usermind.errors import ConfigError
from usermind.settings import Settings, load_settings, set_cli_layer

ALL = every_setting()


@pytest.fixture(autouse=True)
def clean_sources(monkeypatch, tmp_path):
    for name in list(__import__("os").environ):
        if name.startswith("USERMIND_") or name.startswith("NEO4J_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("USERMIND_HOME", str(tmp_path))
    set_cli_layer({})
    yield
    set_cli_layer({})


def test_the_tree_has_every_section():
    keys = set(ALL)
    for key in [
        "memory.weights.dense",
        "memory.verify.min_dense",
        "memory.candidate_pool",
        "llm.api_key",
        "embedding.batch_size",
        "graph.neo4j.uri",
        "graph.neo4j.password",
        "database.url",
        "server.port",
        "kgt.epsilon",
        "recall_k",
        "model",
    ]:
        assert key in keys


def test_every_setting_from_the_config_file(tmp_path):
    (tmp_path / "config.toml").write_text(toml_text(nested(ALL)))
    loaded = load_settings()
    for key, value in ALL.items():
        assert read(loaded.settings, key) == value, key
        assert loaded.source_of(key) == f"file {tmp_path / 'config.toml'}", key


def test_every_setting_from_the_environment(monkeypatch):
    for key, value in ALL.items():
        monkeypatch.setenv("USERMIND_" + key.upper().replace(".", "__"), env_text(value))
    loaded = load_settings()
    for key, value in ALL.items():
        assert read(loaded.settings, key) == value, key
        assert loaded.source_of(key).startswith("env USERMIND_"), key


def test_every_setting_from_agent_keywords():
    loaded = load_settings(overrides=nested(ALL))
    for key, value in ALL.items():
        assert read(loaded.settings, key) == value, key
        assert loaded.source_of(key) == "Agent(...)"


def test_every_setting_from_the_cli_layer():
    set_cli_layer(nested({k: env_text(v) for k, v in ALL.items()}))
    loaded = load_settings()
    for key, value in ALL.items():
        assert read(loaded.settings, key) == value, key


def test_plain_settings_reads_file_and_env(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text("recall_k = 3\n[memory.weights]\ndense = 0.7\n")
    monkeypatch.setenv("USERMIND_RECALL_K", "5")
    settings = Settings()
    assert (settings.recall_k, settings.memory.weights.dense) == (5, 0.7)
    assert Settings(recall_k=9).recall_k == 9  # keywords above both


def test_precedence_default_file_env_cli_settings_overrides(tmp_path, monkeypatch):
    layers = {"file": "recall_k = 2\n", "env": "3", "cli": "4"}
    (tmp_path / "config.toml").write_text(layers["file"])
    assert load_settings().settings.recall_k == 2
    monkeypatch.setenv("USERMIND_RECALL_K", layers["env"])
    assert load_settings().settings.recall_k == 3
    set_cli_layer({"recall_k": layers["cli"]})
    assert load_settings().settings.recall_k == 4
    given = Settings.model_construct(_fields_set={"recall_k"}, recall_k=5)
    assert load_settings(settings=given).settings.recall_k == 5
    loaded = load_settings(settings=given, overrides={"recall_k": 6})
    assert loaded.settings.recall_k == 6 and loaded.source_of("recall_k") == "Agent(...)"
    # a lower layer still supplies what the higher ones leave alone
    (tmp_path / "config.toml").write_text("recall_k = 2\npersonalization = 0.25\n")
    assert load_settings(overrides={"recall_k": 6}).settings.personalization == 0.25


def test_explicit_config_file_replaces_the_home_one(tmp_path):
    (tmp_path / "config.toml").write_text("recall_k = 2\n")
    other = tmp_path / "other.toml"
    other.write_text("history_turns = 3\n")
    loaded = load_settings(config=other)
    assert (loaded.settings.recall_k, loaded.settings.history_turns) == (8, 3)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config=tmp_path / "missing.toml")


def test_legacy_variables_still_work_below_the_new_ones(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7")
    monkeypatch.setenv("USERMIND_TEST_MOCK_RESPONSE", "canned")
    loaded = load_settings()
    assert loaded.settings.graph.neo4j.uri == "bolt://127.0.0.1:7"
    assert loaded.settings.llm.litellm_kwargs()["mock_response"] == "canned"
    assert loaded.source_of("graph.neo4j.uri") == "env NEO4J_URI"
    monkeypatch.setenv("USERMIND_GRAPH__NEO4J__URI", "bolt://127.0.0.1:8")
    assert load_settings().settings.graph.neo4j.uri == "bolt://127.0.0.1:8"


def test_flat_names_and_their_section_twins_agree():
    loaded = load_settings(overrides={"memory": {"llm_verify": True}, "graph": {"backend": "neo4j"}})
    assert loaded.settings.llm_verify and loaded.settings.memory.llm_verify
    assert loaded.settings.graph_backend == "neo4j"
    flat = Settings(llm_extraction=True)
    assert flat.memory.llm_extraction is True


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("file", "invalid settings: memory.weights.dense = -1.0 (from file"),
        ("env", "invalid settings: memory.weights.dense = '-1' (from env USERMIND_MEMORY__WEIGHTS__DENSE)"),
        ("cli", "invalid settings: memory.weights.dense = '-1' (from cli --set)"),
        ("agent", "invalid settings: memory.weights.dense = -1 (from Agent(...))"),
    ],
)
def test_invalid_value_is_one_line_naming_key_and_source(where, expected, tmp_path, monkeypatch):
    if where == "file":
        (tmp_path / "config.toml").write_text("[memory.weights]\ndense = -1.0\n")
    elif where == "env":
        monkeypatch.setenv("USERMIND_MEMORY__WEIGHTS__DENSE", "-1")
    elif where == "cli":
        set_cli_layer({"memory": {"weights": {"dense": "-1"}}})
    with pytest.raises(ConfigError) as info:
        load_settings(overrides={"memory": {"weights": {"dense": -1}}} if where == "agent" else None)
    assert str(info.value).startswith(expected)
    assert "\n" not in str(info.value)


def test_unknown_key_and_bad_toml_are_one_line_errors(tmp_path):
    (tmp_path / "config.toml").write_text("[memory]\nrecal_facts = true\n")
    with pytest.raises(ConfigError, match=r"unknown key memory.recal_facts \(from file"):
        load_settings()
    (tmp_path / "config.toml").write_text("recall_k = = 3\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_settings()
