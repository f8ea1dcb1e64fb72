"""Shared by the storage tests: run the real CLI in a subprocess with litellm's mock generator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_env(home: Path, reply: str = "ok", delay: float = 0.0) -> dict[str, str]:
    """Environment for a CLI subprocess: this checkout first on the path, the test-only mock model."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": path,
        "USERMIND_HOME": str(home),
        "USERMIND_TEST_MOCK_RESPONSE": reply,
        "USERMIND_TEST_MOCK_DELAY": str(delay),
    }


def run_cli(home: Path, *args: str, stdin: bytes = b"", timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "usermind.cli.main", *args],
        input=stdin,
        capture_output=True,
        env=cli_env(home),
        timeout=timeout,
        check=False,
    )


def home_files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def marker_hits(home: Path, marker: str) -> dict[str, int]:
    """How often ``marker`` (ASCII) occurs, as raw bytes in any letter case, in each file of the home
    (UTF-8 and UTF-16)."""
    needles = [marker.lower().encode("utf-8"), marker.lower().encode("utf-16-le")]
    hits = {}
    for path in home_files(home):
        data = path.read_bytes().lower()
        count = sum(data.count(n) for n in needles)
        if count:
            hits[path.name] = count
    return hits
