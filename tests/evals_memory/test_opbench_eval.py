import json

import pytest

from usermind.errors import DataFileError
from usermind.evals.opbench import load_opbench, run_opbench


def test_reader(opbench_file):
    (user,) = load_opbench(opbench_file)
    assert user.name == "Ana" and len(user.observations) == 3
    assert user.questions["irrelevance_hard"][1].question == "How fast can greyhounds run?"
    assert user.user_id == "op-0-Ana"


def test_reader_accepts_observation_dicts_and_rejects_bad_files(tmp_path):
    path = tmp_path / "op.json"
    path.write_text(json.dumps({"Bo": {"observation": {"s1": [{"text": "Bo likes tea."}]}, "tasks": {}}}))
    assert load_opbench(path)[0].observations == ["Bo likes tea."]
    path.write_text(json.dumps({"Bo": {"profile": "x"}}))
    with pytest.raises(DataFileError, match="lacks 'observation'"):
        load_opbench(path)
    path.write_text("[]")
    with pytest.raises(DataFileError, match="keyed by user name.*found an empty list"):
        load_opbench(path)
    path.write_text('{"a": 1, "b": 2}')
    with pytest.raises(DataFileError, match="found an object with 2 keys \\('a', 'b'\\)"):
        load_opbench(path)


def test_run_opbench_counts_memory_free_answers(opbench_file, tmp_path, embedder):
    report = run_opbench(opbench_file, tmp_path, embedder=embedder, progress=False)
    assert report["irrelevance"]["easy"]["questions"] == 2 and report["irrelevance"]["hard"]["questions"] == 2
    assert report["irrelevance"]["memory_free_rate"] == 1.0
    assert json.loads((tmp_path / "opbench.json").read_text())["irrelevance"] == report["irrelevance"]
