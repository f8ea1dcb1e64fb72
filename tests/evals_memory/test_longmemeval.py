"""LongMemEval in the published shape (fixture written here): reader, retrieval metrics, QA with
litellm ``mock_response`` models, and one-line errors for files of another shape."""

import json

import pytest
from typer.testing import CliRunner

from usermind.errors import DataFileError
from usermind.evals.longmemeval import retrieval_scores, run_longmemeval
from usermind.evals.longmemeval_data import load_longmemeval, parse_lme_date
from usermind.evals.longmemeval_qa import JUDGE_PROMPTS, judge_prompt, parse_yes_no
from usermind.evals.metrics import ndcg, recall_all, recall_any
from usermind.memory.models import Memory

MODEL = "openai/gpt-4o-mini"


def _chat(*turns):
    return [
        {"role": role, "content": text, **({"has_answer": True} if flag else {})}
        for role, text, flag in turns
    ]


ITEMS = [
    {
        "question_id": "q1",
        "question_type": "single-session-user",
        "question": "What breed is my dog?",
        "answer": "a border collie",
        "question_date": "2023/06/01 (Thu) 10:00",
        "haystack_session_ids": ["s_a", "s_b", "s_c"],
        "haystack_dates": ["2023/05/20 (Sat) 02:21", "2023/05/22 (Mon) 18:05", "2023/05/25 (Thu) 09:40"],
        "haystack_sessions": [
            _chat(("user", "Can you suggest a pasta recipe with mushrooms?", False),
                  ("assistant", "Try a creamy mushroom tagliatelle with thyme.", False)),
            _chat(("user", "I just adopted a border collie puppy named Biscuit!", True),
                  ("assistant", "Congratulations! Border collies are very energetic.", False)),
            _chat(("user", "What's a good stretch routine after running?", False),
                  ("assistant", "Hamstring, quad and calf stretches help.", False)),
        ],
        "answer_session_ids": ["s_b"],
    },
    {
        "question_id": "q2",
        "question_type": "multi-session",
        "question": "How many instruments do I play?",
        "answer": 2,
        "question_date": "2023/07/10 (Mon) 12:00",
        "haystack_session_ids": ["m1", "m2"],
        "haystack_dates": ["2023/07/01 (Sat) 08:00", "2023/07/05 (Wed) 21:30"],
        "haystack_sessions": [
            _chat(("user", "I have been playing the violin since I was eight.", True)),
            _chat(("user", "Last month I started taking piano lessons.", True),
                  ("assistant", "Piano pairs well with violin.", False)),
        ],
        "answer_session_ids": ["m1", "m2"],
    },
    {
        "question_id": "q3_abs",
        "question_type": "single-session-user",
        "question": "What is the name of my cat?",
        "answer": "You never mentioned a cat.",
        "question_date": "2023/06/01 (Thu) 10:00",
        "haystack_session_ids": ["x1"],
        "haystack_dates": ["2023/05/20 (Sat) 02:21"],
        "haystack_sessions": [_chat(("user", "My dog Rex loves the beach.", False))],
        "answer_session_ids": ["x1"],
    },
]  # fmt: skip


@pytest.fixture
def lme_file(tmp_path):
    path = tmp_path / "longmemeval_s.json"
    path.write_text(json.dumps(ITEMS))
    return path


def test_dates_in_the_published_format():
    assert parse_lme_date("2023/05/20 (Sat) 02:21") == parse_lme_date("2023-05-20 02:21")
    assert parse_lme_date("2023/05/20") < parse_lme_date("2023/05/20 (Sat) 02:21")
    assert parse_lme_date("someday") is None and parse_lme_date(None) is None


def test_reader_keeps_sessions_dates_evidence_and_abstention(lme_file):
    items = load_longmemeval(lme_file)
    first, second, third = items
    assert [s.id for s in first.sessions] == ["s_a", "s_b", "s_c"]
    assert first.evidence_turns == ["s_b#0"] and first.sessions[1].ts < first.question_ts
    assert second.answer == "2" and second.evidence_turns == ["m1#0", "m2#0"]
    assert third.abstention and not first.abstention
    assert len(load_longmemeval(lme_file, limit=1)) == 1


def test_metrics_are_binary_relevance():
    ranked = ["a", "b", "c"]
    assert recall_any(ranked, ["c", "z"], 3) == 1.0 and recall_all(ranked, ["c", "z"], 3) == 0.0
    assert recall_all(ranked, ["b", "a"], 2) == 1.0 and recall_any(ranked, ["c"], 2) == 0.0
    assert ndcg(ranked, ["a"], 3) == 1.0 and 0 < ndcg(ranked, ["b"], 3) < 1.0


def test_session_ranking_follows_the_recalled_turns(lme_file):
    item = load_longmemeval(lme_file)[1]
    found = [Memory(id=f"t{n}", kind="turn", text="x", score=1.0, source_ids=[s]) for n, s in enumerate(
        ["m2#1", "m2#0", "m1#0"])]  # fmt: skip
    scores = retrieval_scores(item, found, [1, 2])
    assert scores["session"]["recall_any@1"] == 1.0 and scores["session"]["recall_all@1"] == 0.0
    assert scores["session"]["recall_all@2"] == 1.0
    assert scores["turn"]["recall_any@1"] == 0.0 and scores["turn"]["recall_all@2"] == 0.0


def test_run_reports_retrieval_by_type_and_skips_abstention(lme_file, tmp_path, embedder):
    report = run_longmemeval(lme_file, tmp_path, ks=[1, 5], embedder=embedder, progress=False)
    assert report["questions"] == 3 and report["abstention_questions"] == 1
    session = report["retrieval"]["session"]
    assert session["questions"] == 2
    assert session["recall_any@5"] == 1.0  # 3 and 2 sessions: all are in the top 5
    assert (
        report["retrieval"]["by_type"]["single-session-user"]["session.recall_any@1"] == 1.0
    )  # the dog turn
    assert set(report["retrieval"]["by_type"]) == {"single-session-user", "multi-session"}
    assert 0.0 <= report["verify"]["evidence_retention"] <= 1.0
    assert json.loads((tmp_path / "longmemeval.json").read_text())["retrieval"] == report["retrieval"]


def test_judge_prompts_follow_the_question_type(lme_file):
    dog, _, cat = load_longmemeval(lme_file)
    assert "unanswerable" in judge_prompt(cat, "I don't know")
    assert judge_prompt(dog, "collie").startswith(JUDGE_PROMPTS["default"][:40]) and "collie" in judge_prompt(
        dog, "collie"
    )
    assert parse_yes_no("Yes.") is True and parse_yes_no("no") is False and parse_yes_no("maybe") is None


def _cli(args):
    from usermind.cli.main import app

    return CliRunner().invoke(app, ["eval", "longmemeval", "--quiet", *args])


def test_cli_answers_and_judges_with_mock_models(lme_file, tmp_path):
    result = _cli(["--data", str(lme_file), "--out", str(tmp_path), "--model", MODEL,
                   "--model-kwargs", '{"mock_response": "I do not know."}',
                   "--judge-kwargs", '{"mock_response": "yes"}'])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "longmemeval.json").read_text())
    qa = report["qa"]
    assert qa["overall"] == {"n": 3, "accuracy": 1.0, "judged": 3, "judge_errors": 0}
    assert set(qa["by_type"]) == {"abstention", "single-session-user", "multi-session"}
    assert (tmp_path / "longmemeval.png").exists() and "session.recall_any@5" in result.output
    answers = json.loads((tmp_path / "longmemeval_answers.json").read_text())
    assert [a["abstention"] for a in answers] == [False, False, True]


@pytest.mark.parametrize(
    "content,found",
    [('{"question_id": "q"}', "an object with 1 keys ('question_id')"), ("[1, 2]", "first is of type int")],
)
def test_cli_rejects_other_shapes_in_one_line_with_exit_2(tmp_path, content, found):
    path = tmp_path / "x.json"
    path.write_text(content)
    result = _cli(["--data", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and found in result.output and str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


def test_bad_item_names_the_item(tmp_path):
    path = tmp_path / "x.json"
    bad = dict(ITEMS[0], haystack_dates=["2023/05/20 (Sat) 02:21"])
    path.write_text(json.dumps([bad]))
    with pytest.raises(DataFileError, match="item 'q1': haystack_session_ids, haystack_dates"):
        load_longmemeval(path)


def test_generated_set_is_in_the_published_shape_and_varied(tmp_path):
    from usermind.evals.longmemeval_gen import generate_longmemeval

    raw = generate_longmemeval(21, seed=3, haystack=8)
    assert raw == generate_longmemeval(21, seed=3, haystack=8) and raw != generate_longmemeval(
        21, seed=4, haystack=8
    )
    path = tmp_path / "gen.json"
    path.write_text(json.dumps(raw))
    items = load_longmemeval(path)
    assert {i.question_type for i in items} >= {
        "single-session-user",
        "knowledge-update",
        "temporal-reasoning",
    }
    assert sum(i.abstention for i in items) == 3
    for item in items:
        assert item.answer_session_ids and all(s.ts < item.question_ts for s in item.sessions)
        assert {s.id for s in item.sessions if any(t.has_answer for t in s.turns)} == set(
            item.answer_session_ids
        )
    temporal = [i for i in items if i.question_type == "temporal-reasoning" and not i.abstention]
    assert temporal and all(int(i.answer) > 0 for i in temporal)
