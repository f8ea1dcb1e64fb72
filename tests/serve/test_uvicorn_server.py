"""`usermind keys create` and `usermind serve` as real processes: uvicorn on 127.0.0.1, httpx as
the client.  The generator is litellm's ``mock_response`` (test-only USERMIND_TEST_MOCK_RESPONSE)."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

pytestmark = pytest.mark.slow
STARTUP_S = 120  # bounded wait for the server to load the embedder and answer /readyz


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "usermind.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "USERMIND_HOME": str(tmp_path / "home"), "USERMIND_TEST_MOCK_RESPONSE": "Served."}


def _wait_ready(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read()
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("server did not become ready")


def test_serve_with_keys_over_real_http(env):
    created = _cli("keys", "create", "--tenant", "acme", env=env)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("um_") and "shown once" in created.stderr
    listed = _cli("keys", "list", env=env)
    assert "acme" in listed.stdout and key.split("_", 2)[2] not in listed.stdout
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "usermind.cli.main",
            "serve",
            "--port",
            str(port),
            "--model",
            "openai/gpt-4o-mini",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            reply = client.post("/v1/users/alice/chat", json={"message": "I grow tomatoes on my balcony."})
            assert reply.status_code == 200 and reply.json()["text"] == "Served."
            found = client.get("/v1/users/alice/memories/search", params={"q": "What do I grow?"}).json()
            assert any("tomatoes" in r["memory"]["text"] for r in found["results"])
            assert httpx.get(f"{url}/v1/users/alice/memories", timeout=10).status_code == 401
            assert client.get("/docs").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_no_auth_refused_off_loopback(env):
    result = _cli("serve", "--no-auth", "--host", "0.0.0.0", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: --no-auth is only allowed on a loopback address, not 0.0.0.0"
    ]
