"""Decay of stale, never-used memories: the pure policy, the facade and the CLI."""

import json

import pytest
from typer.testing import CliRunner

from usermind.memory import DecayPolicy, MemorySystem
from usermind.memory.decay import DAY, MemoryRecord, select_stale
from usermind.storage import Database

NOW = 1_800_000_000.0
OLD = NOW - 400 * DAY


def _turn(id_, ts=OLD, uses=0, last_used=None):
    return MemoryRecord(id=id_, kind="turn", ts=ts, uses=uses, last_used=last_used)


def _fact(id_, sources, ts=OLD, confidence=0.5, valid=True, uses=0):
    return MemoryRecord(
        id=id_, kind="fact", ts=ts, confidence=confidence, valid=valid, source_ids=sources, uses=uses
    )


def _ids(records, **policy):
    return [d.id for d in select_stale(records, DecayPolicy(**policy), NOW)]


# ----- policy ---------------------------------------------------------------------------------------
def test_never_used_old_memories_go_and_used_ones_stay():
    records = [_turn("old"), _turn("used", uses=1, last_used=OLD), _turn("new", ts=NOW - DAY)]
    decisions = select_stale(records, DecayPolicy(max_age_days=365), NOW)
    assert [d.id for d in decisions] == ["old"]
    assert "never used" in decisions[0].reason and "400 days" in decisions[0].reason
    assert _ids(records, max_age_days=365, min_uses=2) == ["old", "used"]  # one use is not enough now


def test_age_boundary_is_strict():
    at_limit = _turn("edge", ts=NOW - 30 * DAY)
    assert _ids([at_limit], max_age_days=30) == []
    assert _ids([_turn("past", ts=NOW - 30 * DAY - 1)], max_age_days=30) == ["past"]


def test_facts_follow_their_source_turns():
    records = [
        _turn("t_kept", ts=NOW),
        _turn("t_gone"),
        _fact("f_kept_source", ["t_kept", "t_gone"]),
        _fact("f_orphan", ["t_gone"]),
    ]
    assert _ids(records, max_age_days=30) == ["t_gone", "f_orphan"]


def test_protected_facts_keep_their_provenance():
    records = [_turn("t1"), _turn("t2"), _fact("f_sure", ["t1"], confidence=0.95), _fact("f_old", ["t2"])]
    records.append(_fact("f_invalid", ["t2"], valid=False))
    # the confident fact keeps t1; invalidated history keeps t2 and f_old's source
    assert _ids(records, max_age_days=30) == []
    assert _ids(records, max_age_days=30, keep_facts_with_confidence_at_least=None) == ["t1", "f_sure"]
    everything = _ids(records, max_age_days=30, drop_invalidated_history=True)
    assert everything == ["t2", "f_old", "f_invalid"]


def test_policy_rejects_bad_values():
    with pytest.raises(ValueError):
        DecayPolicy(max_age_days=0)
    assert DecayPolicy().dry_run is True


# ----- facade ---------------------------------------------------------------------------------------
def _fill(mem: MemorySystem) -> None:
    mem.add_turn("alice", "s1", "user", "My dog's name is Rex and he is a golden retriever.", ts=OLD)
    mem.add_turn("alice", "s1", "user", "I'm allergic to peanuts, so please keep that in mind.", ts=OLD)
    mem.add_turn("alice", "s2", "user", "I started learning the cello this week.", ts=NOW - DAY)
    mem.add_turn("bob", "s1", "user", "My cat is called Tom.", ts=OLD)
    mem.remember("alice")


def test_dry_run_changes_nothing_and_apply_removes_exactly_the_candidates(mem, db):
    _fill(mem)
    peanuts = mem.recall("alice", "What am I allergic to?", k=1)[0]
    mem.note_used("alice", [peanuts.id])
    policy = DecayPolicy(max_age_days=90, keep_facts_with_confidence_at_least=None)
    before = {m.id for m in mem.list_memories("alice", include_invalid=True)}
    dry = mem.decay("alice", policy, now=NOW)
    assert dry.dry_run and dry.removed == [] and dry.examined == len(before)
    assert {m.id for m in mem.list_memories("alice", include_invalid=True)} == before
    doomed = {c.id for c in dry.candidates}
    texts = {mem.get("alice", i).text for i in doomed}
    assert any("Rex" in t for t in texts) and not any("peanut" in t or "cello" in t for t in texts)
    assert any(c.kind == "fact" for c in dry.candidates)  # the dog fact goes with its only source turn

    done = mem.decay("alice", policy.model_copy(update={"dry_run": False}), now=NOW)
    assert {c.id for c in done.removed} == doomed and not done.dry_run
    assert {m.id for m in mem.list_memories("alice", include_invalid=True)} == before - doomed
    assert all(m.id not in doomed for m in mem.recall("alice", "What is my dog called?", k=10))
    assert [m.text for m in mem.recall("bob", "my cat", k=5)] == ["My cat is called Tom."]
    assert mem.decay("alice", policy.model_copy(update={"dry_run": False}), now=NOW).candidates == []


# ----- CLI ------------------------------------------------------------------------------------------
def test_cli_dry_run_then_apply(tmp_path, embedder):
    from usermind.cli.main import app

    db = Database.in_home(tmp_path)
    MemorySystem(db, embedder).add_turn("carol", "s1", "user", "I once owned a red bicycle.", ts=1.0)
    db.close()
    runner = CliRunner()
    args = ["decay", "--user", "carol", "--home", str(tmp_path), "--older-than-days", "30", "--json"]
    dry = runner.invoke(app, args)
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.output)
    assert report["dry_run"] and len(report["candidates"]) == 1 and report["removed"] == []
    table = runner.invoke(app, args[:-1])
    assert "would remove 1 of 1" in table.output and "--apply" in table.output
    applied = json.loads(runner.invoke(app, [*args, "--apply"]).output)
    assert [c["id"] for c in applied["removed"]] == [report["candidates"][0]["id"]]
    assert json.loads(runner.invoke(app, args).output)["examined"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "../x"], "invalid user id"),
        (["--user", "u", "--older-than-days", "-1"], "--older-than-days"),
    ],
)
def test_cli_bad_input_is_one_line(tmp_path, args, message):
    from usermind.cli.main import app

    result = CliRunner().invoke(app, ["decay", "--home", str(tmp_path), *args])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
