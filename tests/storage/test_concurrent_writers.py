"""Four writer processes on one database (SQLite and Postgres), two on the same user and two on
users of their own: every turn is stored, in order per user, and no caller sees an error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.storage.helpers import ROOT, cli_env
from usermind.storage.open import open_database

pytestmark = pytest.mark.slow
TURNS = 40


def test_four_writers_lose_no_turn_and_raise_no_error(storage_url, tmp_path):
    open_database(tmp_path, storage_url).close()  # created and migrated before the writers start
    plan = [("shared", "a"), ("shared", "b"), ("solo1", "c"), ("solo2", "d")]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "storage" / "writer_worker.py"),
                storage_url,
                user,
                tag,
                str(TURNS),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(tmp_path),
            text=True,
        )
        for user, tag in plan
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, results, strict=True)] == [
        (0, "0")
    ] * 4, [err[-500:] for _, err in results]
    db = open_database(tmp_path, storage_url)
    for user, expected in (("shared", 2 * TURNS), ("solo1", TURNS), ("solo2", TURNS)):
        turns = db.query("SELECT seq, text FROM mem_turns WHERE user_id = ? ORDER BY seq", (user,))
        assert [r["seq"] for r in turns] == list(range(expected))  # none lost, no gap, no duplicate
    for tag in "ab":
        texts = [
            r["text"] for r in db.query("SELECT text FROM mem_turns WHERE user_id = 'shared' ORDER BY seq")
        ]
        assert [t for t in texts if t.startswith(tag)] == [f"{tag} note {i}" for i in range(TURNS)]
    db.close()


def test_bench_writers_scenario_reports_no_error_and_no_lost_turn(postgres_url, tmp_path):
    import json

    from tests.storage.helpers import run_cli

    done = run_cli(
        tmp_path,
        "bench",
        "--out",
        str(tmp_path / "out"),
        "--writers",
        "2",
        "--writer-turns",
        "15",
        "--db",
        postgres_url,
    )
    assert done.returncode == 0, done.stderr[-500:]
    rounds = json.loads((tmp_path / "out" / "bench_writers.json").read_text())["writers"]
    assert [(r["writers"], r["turns"], r["errors"], r["lost"]) for r in rounds] == [(2, 30, 0, 0)]
    assert rounds[0]["turns_per_s"] > 0
    db = open_database(tmp_path, postgres_url)
    assert db.query("SELECT COUNT(*) FROM mem_turns")[0][0] == 0  # the bench users were forgotten
    db.close()
