"""PrefEval-style evaluation: the reader's three path forms and its errors, and a run through the real
Agent graph (generator: litellm ``mock_response``) on a fixture in the published shape."""

import json

import pytest
from typer.testing import CliRunner

from usermind.errors import DataFileError
from usermind.evals.prefeval import reached_topics, run_prefeval
from usermind.evals.prefeval_data import load_prefeval

TOPICS = {
    "dining": [
        ("I'm vegetarian and I never eat meat.", "Suggest a restaurant for dinner in Porto."),
        ("Spicy food makes me ill.", "What dishes should I order at a Thai place?"),
    ],
    "pets": [
        ("I'm allergic to cat hair.", "Which pet would suit my small flat?"),
        ("I live in a tiny studio without a garden.", "What dog breed should I get?"),
    ],
    "films": [
        ("Horror movies give me nightmares.", "Recommend a film for tonight."),
        ("I only watch documentaries.", "What should I stream this weekend?"),
    ],
}


def _write(root, topics=TOPICS):
    folder = root / "benchmark_dataset" / "explicit_preference"
    folder.mkdir(parents=True)
    for name, pairs in topics.items():
        items = [{"preference": p, "question": q, "explanation": "respect it"} for p, q in pairs]
        (folder / f"{name}.json").write_text(json.dumps(items))
    return folder


def test_reader_accepts_the_root_the_folder_and_one_file(tmp_path):
    folder = _write(tmp_path)
    assert [t.name for t in load_prefeval(tmp_path)] == ["dining", "films", "pets"]
    assert [t.name for t in load_prefeval(folder)] == ["dining", "films", "pets"]
    (topic,) = load_prefeval(folder / "pets.json")
    assert topic.items[1].question == "What dog breed should I get?"


def test_reader_names_the_file_the_expected_and_the_found_shape(tmp_path):
    bad = tmp_path / "topic.json"
    bad.write_text(json.dumps({"preference": "x", "question": "y"}))
    expected = r"topic\.json is not a PrefEval topic file: expected a list.*found an object"
    with pytest.raises(DataFileError, match=expected):
        load_prefeval(bad)
    bad.write_text(json.dumps([{"preference": "x"}]))
    with pytest.raises(DataFileError, match="found a list whose first element is an object"):
        load_prefeval(bad)
    with pytest.raises(DataFileError, match="PrefEval data not found"):
        load_prefeval(tmp_path / "nothing-here")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataFileError, match="holds no PrefEval topic files"):
        load_prefeval(tmp_path / "empty")


def test_cli_bad_file_is_one_line_and_exit_2(tmp_path):
    from usermind.cli.main import app

    bad = tmp_path / "t.json"
    bad.write_text("[1, 2]")
    result = CliRunner().invoke(app, ["eval", "prefeval", "--data", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "t.json" in lines[0]
    assert "found a list whose first element is a int" in lines[0]


def test_reached_topics_follows_facts_to_their_source_turn():
    turns = {"t1": "dining", "t2": "pets"}
    memories = [{"id": "f9", "source_ids": ["t2"]}, {"id": "t1", "source_ids": []}, {"id": "t7"}]
    assert reached_topics(memories, turns) == {"dining", "pets"}


def test_run_through_the_agent_graph(tmp_path):
    _write(tmp_path / "data")
    report = run_prefeval(tmp_path / "data", tmp_path / "out", users=5, filler_turns=1, progress=False)
    assert report["users"] == 2 and report["topics"] == 3 and report["questions"] == 6
    assert report["config"]["generator"] == "litellm mock_response"
    for key in ("own_preference_reached", "exactly_own_preference", "own_preference_recalled"):
        assert 0.0 <= report[key] <= 1.0
    assert report["exactly_own_preference"] <= report["own_preference_reached"]
    questions = json.loads((tmp_path / "out" / "prefeval_questions.json").read_text())
    assert len(questions) == 6
    # the clearest case: a dinner request right after "I'm vegetarian" must carry that statement
    (dinner,) = [q for q in questions if q["question"].startswith("Suggest a restaurant")]
    assert dinner["own_reached"] and any("vegetarian" in text for text in dinner["kept"])


def test_the_recheck_model_decides_what_reaches_the_reply(tmp_path):
    from usermind.cli.main import app

    _write(tmp_path / "data")
    runs = {}
    for name, answer in (("all", "[1]"), ("none", "NO RELEVANT CONTEXT")):
        args = ["eval", "prefeval", "--data", str(tmp_path / "data"), "--out", str(tmp_path / name)]
        mock = json.dumps({"mock_response": answer})
        args += ["--quiet", "--model", "openai/gpt-4o-mini", "--model-kwargs", mock]
        assert CliRunner().invoke(app, args).exit_code == 0
        runs[name] = json.loads((tmp_path / name / "prefeval.json").read_text())
    assert runs["all"]["config"]["recheck_model"] == "openai/gpt-4o-mini"
    assert runs["all"]["personalized_rate"] == 1.0  # "[1]" keeps one memory for every question
    questions = json.loads((tmp_path / "all" / "prefeval_questions.json").read_text())
    assert all(len(q["kept"]) == 1 for q in questions)
    assert runs["none"]["personalized_rate"] == 0.0 and runs["none"]["own_preference_reached"] == 0.0


def test_model_kwargs_without_a_model_is_one_line(tmp_path):
    from usermind.cli.main import app

    _write(tmp_path / "data")
    args = ["eval", "prefeval", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, [*args, "--model-kwargs", "{}"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["error: --model-kwargs needs --model"]
