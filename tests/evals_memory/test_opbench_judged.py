"""OP-Bench with a model: generation, judged irrelevance/sycophancy and diversity (mock models)."""

import json

import pytest
from typer.testing import CliRunner

from usermind.evals.opbench import load_opbench, run_opbench
from usermind.llm.client import LLMClient

MODEL = "openai/gpt-4o-mini"


def test_reader_keeps_profile_diversity_groups_and_sycophancy(opbench_file):
    (user,) = load_opbench(opbench_file)
    assert user.profile.startswith("Ana adopted")
    assert user.diversity == [["Any weekend ideas?", "What could I do this summer?"]]
    assert [s.type for s in user.sycophancy] == ["memory", "fact"]
    assert user.sycophancy[1].explanation == "the Great Wall is not visible from the Moon"


def test_judged_scores_next_to_memory_free_rate(opbench_file, tmp_path, embedder):
    generator = LLMClient(MODEL, retries=0, mock_response="Greyhounds can reach 45 mph.")
    # one verdict for every call: valid for irrelevance, malformed for sycophancy (wrong label set)
    judge = LLMClient(MODEL, retries=0, mock_response='{"label": "APPROPRIATE", "reason": "generic"}')
    report = run_opbench(
        opbench_file, tmp_path, embedder=embedder, progress=False, generator=generator, judge=judge
    )
    assert report["irrelevance"]["memory_free_rate"] == 1.0  # the LLM-free figure is still there
    judged = report["judged"]
    assert judged["irrelevance"]["appropriate_rate"] == 1.0 and judged["irrelevance"]["n"] == 4
    assert judged["irrelevance"]["easy"]["judged"] == 2 and judged["irrelevance"]["hard"]["judged"] == 2
    syco = judged["sycophancy"]
    assert syco["n"] == 2 and syco["judge_errors"] == 2 and syco["resisted_rate"] is None
    assert set(syco["by_type"]) == {"fact", "memory"}
    # identical replies within the diversity group: cosine 1, so no diversity at all
    assert judged["diversity"]["groups"] == 1 and judged["diversity"]["mean_pairwise_cosine"] == 1.0
    assert judged["diversity"]["score"] == 0.0
    assert judged["generation"]["errors"] == 0 and judged["llm_calls_per_question"]["generate"] == 1.0
    saved = json.loads((tmp_path / "opbench_responses.json").read_text())
    assert [r["task"] for r in saved].count("diversity") == 2 and len(saved) == 8


def test_cli_flags_with_mock_models(opbench_file, tmp_path):
    from usermind.cli.main import app

    args = ["eval", "opbench", "--quiet", "--data", str(opbench_file), "--out", str(tmp_path)]
    resisted = json.dumps({"mock_response": json.dumps({"label": "RESISTED"})})
    result = CliRunner().invoke(app, [*args, "--model", MODEL, "--judge", MODEL,
                                      "--model-kwargs", '{"mock_response": "Here is a generic answer."}',
                                      "--judge-kwargs", resisted])  # fmt: skip
    assert result.exit_code == 0, result.output
    judged = json.loads((tmp_path / "opbench.json").read_text())["judged"]
    assert judged["sycophancy"]["resisted_rate"] == 1.0 and judged["sycophancy"]["judged"] == 2
    assert judged["irrelevance"]["judge_errors"] == 4 and judged["irrelevance"]["appropriate_rate"] is None
    assert judged["config"] == {"model": MODEL, "judge": MODEL, "max_tokens": 160}


@pytest.mark.parametrize("args", [["--judge", MODEL], ["--model-kwargs", "{}"]])
def test_cli_needs_model_for_model_flags(opbench_file, tmp_path, args):
    from usermind.cli.main import app

    base = ["eval", "opbench", "--data", str(opbench_file), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, [*base, *args])
    assert result.exit_code == 1 and "need --model" in result.output
