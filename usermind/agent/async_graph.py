"""The turn graph compiled for ``ainvoke``, with LangGraph's async SQLite checkpointer.

Opened on the first :meth:`~usermind.agent.api.Agent.achat` (an ``aiosqlite`` connection belongs
to a running event loop) and shared by an agent and its :meth:`~usermind.agent.api.Agent.for_user`
views.  It reads and writes the same checkpoint tables as the sync graph, so a conversation moves
freely between ``chat`` and ``achat``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from usermind.agent.graph import build_graph

if TYPE_CHECKING:
    from usermind.agent.api import Agent


class AsyncGraph:
    def __init__(self) -> None:
        self.graph: Any = None
        self.conn: Any = None
        self._opening: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def graph_for(self, agent: Agent) -> Any:
        loop = asyncio.get_running_loop()
        if self.graph is not None and self._loop is loop:
            return self.graph
        if self._loop is not loop:  # a new event loop (e.g. a second asyncio.run): reopen there
            self.close()
            self._loop, self._opening = loop, asyncio.Lock()
        async with self._opening:
            if self.graph is None:
                import aiosqlite
                from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

                conn = await aiosqlite.connect(str(agent.db.path), timeout=30.0)
                await conn.execute("PRAGMA secure_delete=ON")  # deleted checkpoints are overwritten
                saver = AsyncSqliteSaver(conn)
                await saver.setup()
                self.conn, self.graph = conn, build_graph(saver, asynchronous=True)
        return self.graph

    async def aclose(self) -> None:
        if self.conn is not None:
            conn, self.conn, self.graph = self.conn, None, None
            await conn.close()

    def close(self) -> None:
        """From sync code: stop the connection's worker thread (it closes the SQLite handle)."""
        if self.conn is not None:
            conn, self.conn, self.graph = self.conn, None, None
            conn.stop()
