"""The message-kind benchmark scripts run as commands and print JSON (real MiniLM, no model)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, data: list[dict], tmp_path: Path) -> dict:
    path = tmp_path / "messages.json"
    path.write_text(json.dumps(data))
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)


def test_statement_kinds_counts_what_is_stored_read_and_weighed(tmp_path):
    report = _run(
        "statement_kinds.py",
        [
            {"text": "Loud bars give me a headache.", "kind": "statement"},
            {"text": "Need a quick dinner idea I can make in 20 minutes.", "kind": "request"},
            {"text": "How do I reset my router?", "kind": "task"},
        ],
        tmp_path,
    )
    assert report["statement"] == {"messages": 1, "stated": 1, "read_as_request": 0, "weighs_statements": 0}
    assert report["request"] == {"messages": 1, "stated": 0, "read_as_request": 1, "weighs_statements": 1}
    assert report["task"]["weighs_statements"] == 0


def test_request_kinds_reads_a_statement_worded_like_a_command_as_none(tmp_path):
    report = _run(
        "request_kinds.py",
        [
            {"text": "Loud bars give me a headache.", "kind": "other"},
            {"text": "Suggest a dinner place for tonight.", "kind": "request"},
        ],
        tmp_path,
    )
    assert report["counts"] == {"other": [0, 1], "request": [1, 1]}
