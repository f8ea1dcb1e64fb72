"""``usermind mcp``: remember / recall / forget / profile for one user, over stdio or streamable HTTP.

Desktop and IDE assistants get the same memory as the HTTP API and the chat loop: the tools call
the same stores (durable turns, LLM-free fact extraction, hybrid recall with verification).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from mcp.server.fastmcp import FastMCP

from usermind.agent.api import Agent
from usermind.errors import ConfigError
from usermind.serve import memories as ops
from usermind.serve.app import is_loopback
from usermind.serve.models import MessageIn
from usermind.serve.tenancy import internal_user

INSTRUCTIONS = (
    "Long-term memory of one user. Call `recall` before answering questions about the user, "
    "`remember` when they tell something worth keeping, `forget` when they ask you to, and "
    "`profile` for what is known about them."
)


def build_mcp(agent: Agent, *, host: str = "127.0.0.1", port: int = 8765) -> FastMCP:
    """An MCP server whose tools act on ``agent``'s user only."""
    server = FastMCP("usermind", instructions=INSTRUCTIONS, host=host, port=port)

    async def run(fn, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(fn, *args)

    @server.tool()
    async def remember(text: str) -> dict[str, Any]:
        """Store something the user said (kept verbatim, facts extracted from it)."""
        if not text.strip():
            raise ConfigError("nothing to remember: the text is empty")
        added = await run(ops.add_messages, agent, [MessageIn(content=text)], "mcp")
        return added.model_dump()

    @server.tool()
    async def recall(query: str, k: int = 5) -> dict[str, Any]:
        """Memories that help with `query`, each with its score and why verification kept it."""
        found = await run(ops.search, agent, query, max(1, min(k, 50)))
        kept = [
            {
                "id": h.memory.id,
                "kind": h.memory.kind,
                "text": h.memory.text,
                "score": round(h.memory.score, 4),
            }
            for h in found.results
            if h.kept
        ]
        return {"personalize": found.personalize, "reason": found.reason, "memories": kept}

    @server.tool()
    async def forget(memory_id: str = "", query: str = "") -> dict[str, Any]:
        """Delete one memory by id, or the memories that closely match `query`."""
        if memory_id:
            return {"deleted": int(await run(agent.forget, memory_id))}
        if query.strip():
            return {"deleted": await run(agent.memory.forget_query, agent.user, query)}
        raise ConfigError("say which memory: give memory_id or query")

    @server.tool()
    async def profile() -> dict[str, Any]:
        """What is known about the user: persona attributes and current facts."""
        persona = await run(agent.persona.get, agent.user)
        facts = await run(agent.memories, "fact")
        return {"persona": persona.model_dump(mode="json"), "facts": [f.text for f in facts]}

    return server


def run_mcp(
    *,
    user: str,
    tenant: str | None,
    transport: str,
    host: str,
    port: int,
    home: Path | None,
    model: str | None,
    database: str | None = None,
) -> None:
    if transport not in ("stdio", "http"):
        raise ConfigError(f"unknown transport {transport!r}: use stdio or http")
    if transport == "http" and not is_loopback(host):
        raise ConfigError(f"the MCP server has no authentication; bind it to loopback, not {host}")
    with Agent(user=internal_user(tenant, user), model=model, home=home, database=database) as agent:
        build_mcp(agent, host=host, port=port).run("stdio" if transport == "stdio" else "streamable-http")
