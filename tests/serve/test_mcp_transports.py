"""`usermind mcp` as a real process over stdio and over streamable HTTP on 127.0.0.1, driven by the
`mcp` client library (the same tools as the in-process tests; here the transports and the CLI)."""

import asyncio
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client

pytestmark = pytest.mark.slow
STARTUP_S = 120


def _env(tmp_path):
    return {**os.environ, "USERMIND_HOME": str(tmp_path / "home")}


async def _remember_and_recall(session: ClientSession) -> tuple[list[str], str]:
    await session.initialize()
    names = sorted(t.name for t in (await session.list_tools()).tools)
    await session.call_tool("remember", {"text": "My favourite tree is the cork oak."})
    recalled = await session.call_tool("recall", {"query": "Which tree do I like best?"})
    return names, recalled.content[0].text


def test_stdio_transport(tmp_path):
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "usermind.cli.main", "mcp", "--user", "alice", "--tenant", "acme"],
        env=_env(tmp_path),
    )

    async def run():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            return await _remember_and_recall(session)

    names, recalled = asyncio.run(asyncio.wait_for(run(), STARTUP_S))
    assert names == ["forget", "profile", "recall", "remember"] and "cork oak" in recalled


def _http_server(*options: str) -> list[str]:
    """The command line of ``usermind mcp --user bo --transport http`` with ``options``."""
    return [sys.executable, "-m", "usermind.cli.main", "mcp", "--user", "bo", "--transport", "http", *options]


def test_streamable_http_transport(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        _http_server("--port", str(port)),
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "MCP server did not start"
            try:
                httpx.get(f"http://127.0.0.1:{port}/mcp", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)

        async def run():
            async with (
                streamablehttp_client(f"http://127.0.0.1:{port}/mcp") as (read, write, _),
                ClientSession(read, write) as session,
            ):
                return await _remember_and_recall(session)

        names, recalled = asyncio.run(asyncio.wait_for(run(), STARTUP_S))
        assert names == ["forget", "profile", "recall", "remember"] and "cork oak" in recalled
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_http_transport_refuses_a_public_address(tmp_path):
    result = subprocess.run(
        _http_server("--host", "0.0.0.0"), env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and result.stderr.strip().splitlines()[-1].startswith(
        "error: the MCP server"
    )
