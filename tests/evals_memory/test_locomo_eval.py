import json

import pytest

from usermind.errors import DataFileError
from usermind.evals.locomo import run_locomo
from usermind.evals.locomo_data import load_locomo
from usermind.evals.metrics import evidence_recall, percentile


def test_reader_maps_sessions_dates_captions_and_evidence(locomo_file):
    (conv,) = load_locomo(locomo_file)
    assert conv.speakers == ["Ana", "Ben"] and len(conv.turns) == 7
    assert (
        conv.turns[3].caption == "a photo of a cello in a living room" and conv.turns[3].source_id == "D1:4"
    )
    assert conv.turns[4].session_id == "S2" and conv.turns[4].ts > conv.turns[3].ts
    assert conv.questions[3].evidence == ["D1:4", "D2:1"]  # "D1:4; D2:1" is split
    assert conv.questions[4].answer == "none" and conv.questions[4].evidence == []


@pytest.mark.parametrize(
    "content,needle",
    [
        ("not json", "not valid JSON"),
        ("{}", "expected a non-empty list"),
        ('[{"qa": []}]', "has no 'conversation'"),
        ('[{"conversation": {"session_1": [{"speaker": "A", "text": "hi"}]}}]', "date_time"),
    ],
)
def test_reader_rejects_bad_files(tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DataFileError, match=needle):
        load_locomo(path)
    with pytest.raises(DataFileError, match="not found"):
        load_locomo(tmp_path / "missing.json")


def test_metrics():
    assert evidence_recall([["D1"], ["D2"], ["D3"]], ["D3", "D9"], k=2) == 0.0
    assert evidence_recall([["D1"], ["D2"], ["D3"]], ["D3", "D9"], k=3) == 0.5
    assert percentile([1.0, 2.0, 3.0], 50) == 2.0


def test_run_locomo_writes_report_and_plot(locomo_file, tmp_path, embedder):
    report = run_locomo(locomo_file, tmp_path / "out", ks=[1, 5], embedder=embedder, progress=False)
    saved = json.loads((tmp_path / "out" / "locomo.json").read_text())
    assert saved["retrieval"] == report["retrieval"] and (tmp_path / "out" / "locomo.png").stat().st_size > 0
    assert report["questions"] == 4  # the adversarial question has no evidence
    assert report["retrieval"]["recall@1"] >= 0.5 and report["retrieval"]["recall@5"] == 1.0
    assert set(report["retrieval"]["by_category"]) == {"single_hop", "temporal", "multi_hop"}
    assert report["verify"]["evidence_retention"] == 1.0
    assert 0 < report["verify"]["kept_fraction"] <= 1 and report["context_tokens_mean"] > 0
    assert report["latency_ms"]["recall_p95"] >= report["latency_ms"]["recall_p50"] > 0


def test_run_locomo_selects_conversations_by_position(locomo_file, tmp_path, embedder):
    everything = run_locomo(locomo_file, tmp_path / "all", ks=[5], embedder=embedder, progress=False)
    chosen = run_locomo(
        locomo_file, tmp_path / "one", ks=[5], embedder=embedder, progress=False, conversations=[0]
    )
    assert chosen["config"]["conversations"] == [0] and everything["config"]["conversations"] == [0]
    assert chosen["questions"] == everything["questions"] == 4
    assert chosen["retrieval"] == everything["retrieval"]


def test_the_eval_command_uses_the_memory_settings(locomo_file, cli_reports):
    """``usermind --set memory.… eval locomo`` measures that configuration and says so in the report
    (before, the eval always ran the built-in defaults whatever the settings said)."""
    runs = cli_reports(
        {"default": [], "set": ["--set", "memory.weights.lexical=0", "--set", "memory.weights.neighbour=0"]},
        lambda out: ["eval", "locomo", "--data", str(locomo_file), "--out", str(out), "--quiet", "--k", "1"],
        "locomo.json",
    )
    assert runs["default"]["config"]["memory"] == {}
    assert runs["set"]["config"]["memory"]["weights"] == {"lexical": 0.0, "neighbour": 0.0}
