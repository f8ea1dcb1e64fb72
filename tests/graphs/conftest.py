"""Fixtures: the knowledge-graph backends under one parametrised ``backend`` fixture.

The Neo4j backend talks Bolt to a real server: a Neo4j given by ``NEO4J_URI`` (with
``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``), otherwise an ArcadeDB server with its Bolt
plugin that this fixture starts in a child process on free localhost ports and stops at the end.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from usermind.graphs.driver import open_backend
from usermind.storage.db import Database

HERE = Path(__file__).parent
START_TIMEOUT_S = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """(uri, user, password, database) of a live Bolt server for the whole session."""
    if os.environ.get("NEO4J_URI"):
        yield (
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None,
        )
        return
    pytest.importorskip("arcadedb_embedded")
    root = tmp_path_factory.mktemp("arcadedb")
    bolt_port, http_port = _free_port(), _free_port()
    password = "pw-" + secrets.token_hex(8)
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "arcadedb_bolt.py"),
            str(root / "databases"),
            str(bolt_port),
            str(http_port),
            password,
            "usermind",
        ],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=open(root / "server.err", "w"),
        text=True,
    )
    ready = threading.Event()

    def watch() -> None:
        for line in proc.stdout:
            if line.strip() == "READY":
                ready.set()

    threading.Thread(target=watch, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready.is_set() and proc.poll() is None and time.monotonic() < deadline:
        ready.wait(0.2)
    if not ready.is_set():
        proc.kill()
        err = (root / "server.err").read_text()[-2000:]
        pytest.fail(f"ArcadeDB Bolt server did not start: {err}")
    try:
        yield (f"bolt://localhost:{bolt_port}", "root", password, "usermind")
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(params=["networkx", "neo4j"])
def backend(request, tmp_path):
    if request.param == "networkx":
        db = Database(tmp_path / "kg.sqlite3")
        b = open_backend("networkx", db=db)
        yield b
        b.close()
        db.close()
        return
    uri, user, password, database = request.getfixturevalue("bolt_server")
    b = open_backend("neo4j", uri=uri, user=user, password=password, database=database)
    yield b
    b.close()


@pytest.fixture
def uid(backend):
    """A fresh user id per test (the Bolt server is shared by the session); deleted afterwards."""
    user = "u-" + secrets.token_hex(6)
    yield user
    backend.delete_user(user)
