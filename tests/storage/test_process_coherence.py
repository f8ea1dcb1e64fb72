"""The database is the only truth across processes, on SQLite and on Postgres: two real processes
hold the same user; B recalls what A wrote after B started, and after A forgets one memory (and
after ``forget_all``) B never returns it: not in recall, ``why``, list, export, graph or persona."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.storage.helpers import ROOT, cli_env

pytestmark = pytest.mark.slow
MARKER = "Quokka7731"


class Worker:
    def __init__(self, url: str, home, user: str = "ada"):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "storage" / "coherence_worker.py"), url, str(home), user],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=cli_env(home),
            text=True,
        )
        assert json.loads(self.proc.stdout.readline()) == {"ready": True}

    def __call__(self, op: str, arg: str = ""):
        self.proc.stdin.write(json.dumps({"op": op, "arg": arg}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"worker died during {op}"
        return json.loads(line)["result"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _has_marker(b: Worker) -> dict[str, bool]:
    return {
        "recall": any(MARKER in t for t in b("recall", f"where is {MARKER}")),
        "list": any(MARKER in t for t in b("list")),
        "export": MARKER in b("export"),
        "graph": any(MARKER in t for t in b("graph")),
        "persona": MARKER in b("persona"),
        "why": MARKER in b("why", "Where is my vault building?"),
    }


def test_two_processes_see_each_others_writes_and_forgets(storage_url, tmp_path):
    a, b = Worker(storage_url, tmp_path), Worker(storage_url, tmp_path)
    try:
        assert b("recall", "vault") == []  # B has built its (empty) caches before A writes
        ids = a("chat", f"My vault is in the {MARKER} building.")
        a("chat", "I swim every Monday morning.")
        a("remember", MARKER)
        assert all(_has_marker(b).values())  # B sees A's turn, persona and graph writes
        a("forget", ids[0])  # the turn naming the marker
        assert not any(MARKER in t for t in b("recall", f"where is {MARKER} vault"))
        assert any("swim" in t for t in b("recall", "swim Monday"))
        a("chat", f"Remember {MARKER} again please.")
        assert any(MARKER in t for t in b("recall", MARKER))
        a("forget_all")
        assert _has_marker(b) == dict.fromkeys(("recall", "list", "export", "graph", "persona", "why"), False)
    finally:
        a.close()
        b.close()
