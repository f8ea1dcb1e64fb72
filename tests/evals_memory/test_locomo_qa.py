"""LoCoMo answering and judging with litellm's deterministic ``mock_response`` (no network)."""

import json

import pytest
from typer.testing import CliRunner

from tests.evals_memory.judge_answers import JUDGE_CORRECT
from usermind.errors import ConfigError
from usermind.evals.answering import JudgeVerdict, ask_judge, first_line, judge_messages
from usermind.evals.locomo import run_locomo
from usermind.evals.locomo_qa import LoCoMoQA, parse_categories
from usermind.llm.client import LLMClient

MODEL = "openai/gpt-4o-mini"


def mock(reply: str) -> LLMClient:
    return LLMClient(MODEL, retries=0, mock_response=reply)


def test_judge_parses_a_verdict():
    outcome = ask_judge(mock(JUDGE_CORRECT), judge_messages("q?", "Pixel", "pixel"), JudgeVerdict)
    assert outcome.error is None and outcome.verdict.label == "CORRECT"
    assert outcome.verdict.reason == "same answer"


@pytest.mark.parametrize("reply", ["Looks right to me: CORRECT", '{"label": "MAYBE"}', "{}"])
def test_malformed_judge_is_retried_then_an_error_not_a_crash(reply):
    judge = mock(reply)
    outcome = ask_judge(judge, judge_messages("q?", "Pixel", "Rex"), JudgeVerdict)
    assert outcome.verdict is None and "JudgeVerdict" in outcome.error
    assert judge.meter.snapshot().calls == 2  # the first try and one repair retry


def test_first_line_strips_labels():
    assert first_line("\n  Answer: Pixel\nbecause ...") == "Pixel"
    assert first_line("   ") == ""
    assert first_line("The short answer is:\n  Pixel the greyhound\n") == "Pixel the greyhound"


def test_categories_are_validated():
    assert parse_categories("4, 1,1") == [1, 4]
    for bad in ["", "0", "1,x", "6"]:
        with pytest.raises(ConfigError, match="--categories"):
            parse_categories(bad)
    with pytest.raises(ConfigError, match="--limit"):
        LoCoMoQA(mock("x"), mock("x"), categories=[1], limit=0)


def test_qa_report_counts_judge_errors(locomo_file, tmp_path, embedder):
    qa = LoCoMoQA(mock("Pixel"), mock("not json at all"), categories=[4])
    report = run_locomo(locomo_file, tmp_path, embedder=embedder, progress=False, qa=qa)
    overall = report["qa"]["overall"]
    assert overall["n"] == 2 and overall["judge_errors"] == 2 and overall["judged"] == 0
    assert overall["judge_accuracy"] is None
    assert overall["f1"] == pytest.approx(0.5)  # "Pixel" is right for the dog, wrong for Norway
    assert report["qa"]["llm_calls_per_question"] == {"answer": 1.0, "judge": 2.0}
    saved = json.loads((tmp_path / "locomo_answers.json").read_text())
    assert [r["judge_error"] is not None for r in saved] == [True, True]


def _invoke(args):
    from usermind.cli.main import app

    return CliRunner().invoke(app, ["eval", "locomo", "--quiet", *args])


def test_cli_answers_scores_and_judges_with_mock_models(locomo_file, tmp_path):
    base = ["--data", str(locomo_file), "--model", MODEL, "--judge", MODEL, "--judge-kwargs"]
    result = _invoke([*base, json.dumps({"mock_response": JUDGE_CORRECT}), "--out", str(tmp_path / "a"),
                      "--model-kwargs", '{"mock_response": "Pixel"}', "--limit", "2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "a" / "locomo.json").read_text())
    qa = report["qa"]
    # --limit 2: the first two questions of categories 1-4 (dog: single-hop, recital: temporal)
    assert qa["overall"]["n"] == 2 and set(qa["by_category"]) == {"single_hop", "temporal"}
    assert qa["by_category"]["single_hop"]["f1"] == 1.0 and qa["by_category"]["temporal"]["f1"] == 0.0
    assert qa["by_category"]["single_hop"]["bleu1"] == 1.0
    assert qa["overall"]["judge_accuracy"] == 1.0 and qa["overall"]["judge_errors"] == 0
    assert qa["config"]["limit_per_conversation"] == 2 and report["config"]["llm"] is True

    llm_free = _invoke(["--data", str(locomo_file), "--out", str(tmp_path / "b")])
    assert llm_free.exit_code == 0, llm_free.output
    plain = json.loads((tmp_path / "b" / "locomo.json").read_text())
    assert "qa" not in plain and plain["retrieval"] == report["retrieval"]  # retrieval is untouched
    assert plain["verify"] == report["verify"]


def test_cli_adversarial_category_scores_abstention(locomo_file, tmp_path):
    abstain = json.dumps({"mock_response": "Not mentioned in the conversation."})
    result = _invoke(["--data", str(locomo_file), "--out", str(tmp_path), "--model", MODEL,
                      "--categories", "5", "--model-kwargs", abstain,
                      "--judge-kwargs", json.dumps({"mock_response": JUDGE_CORRECT})])  # fmt: skip
    assert result.exit_code == 0, result.output
    adversarial = json.loads((tmp_path / "locomo.json").read_text())["qa"]["by_category"]["adversarial"]
    assert adversarial["n"] == 1 and adversarial["f1"] == 1.0 and adversarial["bleu1"] is None


@pytest.mark.parametrize(
    "args,message",
    [
        (["--limit", "2"], "need --model"),
        (["--model", MODEL, "--categories", "7"], "--categories"),
        (["--model", MODEL, "--model-kwargs", "{oops"], "--model-kwargs is not valid JSON"),
        (["--model", MODEL, "--judge-kwargs", "[1]"], "must be a JSON object"),
        (["--model", "nonsense-provider-x/model"], "unknown model string"),
        (["--conversations", "3"], "the file has conversations 0..0"),
        (["--conversations", "0,x"], "expected comma-separated numbers"),
    ],
)
def test_cli_rejects_bad_flags_in_one_line(locomo_file, tmp_path, args, message):
    result = _invoke(["--data", str(locomo_file), "--out", str(tmp_path), *args])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output
