"""The turn graph compiled for ``ainvoke``, with LangGraph's async checkpointer (SQLite or Postgres).

Opened on the first :meth:`~usermind.agent.api.Agent.achat` (an ``aiosqlite`` connection belongs
to a running event loop) and shared by an agent and its :meth:`~usermind.agent.api.Agent.for_user`
views.  It reads and writes the same checkpoint tables as the sync graph, so a conversation moves
freely between ``chat`` and ``achat``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from usermind.agent.graph import build_graph
from usermind.storage.checkpoints import open_async_checkpointer

if TYPE_CHECKING:
    from usermind.agent.api import Agent


class AsyncGraph:
    def __init__(self) -> None:
        self.graph: Any = None
        self._aclose: Any = None
        self._close: Any = None
        self._opening: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def graph_for(self, agent: Agent) -> Any:
        loop = asyncio.get_running_loop()
        if self.graph is not None and self._loop is loop:
            return self.graph
        if self._loop is not loop:  # a new event loop (e.g. a second asyncio.run): reopen there
            self.close()
            self._loop, self._opening = loop, asyncio.Lock()
        assert self._opening is not None
        async with self._opening:
            if self.graph is None:
                saver, self._aclose, self._close = await open_async_checkpointer(agent.db)
                self.graph = build_graph(saver, asynchronous=True)
        return self.graph

    async def aclose(self) -> None:
        if self._aclose is not None:
            aclose, self._aclose, self._close, self.graph = self._aclose, None, None, None
            await aclose()

    def close(self) -> None:
        """From sync code (the event loop may be gone): close the checkpointer's connection."""
        if self._close is not None:
            close, self._aclose, self._close, self.graph = self._close, None, None, None
            close()
