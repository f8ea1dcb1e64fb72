"""``usermind eval firstrun``: its scripts, its scoring, and one real script through the CLI in two
processes with the local model (slow)."""

import json

import pytest
from typer.testing import CliRunner

from usermind.cli.main import app
from usermind.evals.firstrun_scoring import is_degenerate, is_english, score_reply
from usermind.evals.firstrun_scripts import SCRIPTS


def test_at_least_twenty_scripts_split_into_tuning_heldout_and_fresh_with_no_overlap():
    tuning, heldout, fresh = SCRIPTS["tuning"], SCRIPTS["heldout"], SCRIPTS["fresh"]
    assert len(tuning) + len(heldout) >= 20 and len(heldout) >= 10 and len(fresh) >= 10
    told = [a.text for s in [*tuning, *heldout, *fresh] for a in s.sessions[0]]
    assert len(told) == len(set(told))
    assert {s.split for s in fresh} == {"fresh"}
    for script in [*tuning, *heldout, *fresh]:
        assert len(script.sessions) >= 2  # told in one process, asked in the next
        assert any(a.expect for a in script.sessions[1])


def test_scoring_flags_what_the_issue_saw():
    assert not is_english("Eu estes dei vegetariani, alembrafazo da dieta.")
    assert is_english("You live in Lisbon, Portugal.")
    assert is_degenerate("the same the same the same the same the same", [])
    assert is_degenerate("You live in Lisbon.", ["you live in lisbon."])  # a copy of an earlier reply
    assert not is_degenerate("You live in Lisbon.", ["Noted: you are vegetarian."])
    good = score_reply("You live in Lisbon.", ["Lisbon"], [])
    assert good.good and good.names_remembered
    missed = score_reply("You live in a nice city.", ["Lisbon"], [])
    assert missed.english and not missed.good and missed.names_remembered is False
    assert score_reply("Sure, here is a fun fact about owls.", [], []).names_remembered is None


def test_unknown_split_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["eval", "firstrun", "--out", str(tmp_path), "--split", "nope"])
    assert result.exit_code == 1
    assert "--split must be one of: tuning, heldout, fresh, all" in result.output


@pytest.mark.slow
def test_one_script_end_to_end_with_the_local_model(tmp_path):
    result = CliRunner().invoke(
        app, ["eval", "firstrun", "--out", str(tmp_path), "--split", "tuning", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "firstrun.json").read_text())
    part = report["splits"]["tuning"]
    summary = part["summary"]
    assert summary["runs"] == 2 and summary["replies"] == 3
    assert {r["source"] for r in part["replies"]} <= {"model", "regenerated", "fallback", "acknowledgement"}
    told = part["replies"][0]
    assert told["source"] == "acknowledgement" and "Lisbon" in told["reply"] and told["score"]["good"]
    assert summary["one_line_runs"] == 1.0
