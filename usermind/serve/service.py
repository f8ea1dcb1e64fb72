"""The process-wide state behind the HTTP and MCP servers: one agent (database, models, graphs),
per-user views of it, the API keys, per-user turn locks and the bounded executor for sync work."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import weakref
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from usermind.agent.api import Agent, Reply
from usermind.llm.client import LLMClient
from usermind.serve.keys import KeyStore
from usermind.serve.tenancy import internal_user

T = TypeVar("T")


class UsermindService:
    def __init__(self, agent: Agent, *, threads: int = 8):
        self.base = agent
        self.keys = KeyStore(agent.db)
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="usermind-io")
        size_pool = getattr(agent.db, "size_pool", None)
        if size_pool is not None:  # Postgres: a connection for every executor thread
            size_pool(threads)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @classmethod
    def open(
        cls,
        home: str | Path | None = None,
        model: str | None = None,
        *,
        llm: LLMClient | None = None,
        threads: int = 8,
        database: str | None = None,
        **settings: Any,
    ) -> UsermindService:
        agent = Agent(user="usermind-service", model=model, home=home, llm=llm, database=database, **settings)
        return cls(agent, threads=threads)

    @property
    def settings(self):
        return self.base.settings

    def agent(self, tenant: str | None, user: str, session: str = "main") -> Agent:
        """The view of ``user`` in ``tenant``; raises ConfigError for an invalid id."""
        return self.base.for_user(internal_user(tenant, user), session)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Make the bounded executor the loop's default, so LangGraph's sync nodes run there too."""
        loop.set_default_executor(self.executor)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A sync call (SQLite, embedding) in the bounded executor, off the event loop."""
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.executor, call)

    def lock(self, internal_id: str) -> asyncio.Lock:
        """One turn at a time per user in this process (the conversation thread is sequential)."""
        lock = self._locks.get(internal_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[internal_id] = lock
        return lock

    async def exists(self, agent: Agent) -> bool:
        return await self.run(lambda: agent.db.count_user_rows(agent.user) > 0)

    async def chat(self, agent: Agent, text: str) -> Reply:
        async with self.lock(agent.user):
            return await agent.achat(text)

    async def chat_events(self, agent: Agent, text: str) -> AsyncIterator[tuple[str, Any]]:
        async with self.lock(agent.user):
            async for event in agent.astream(text, tokens=True):
                yield event

    async def forget_user(self, agent: Agent) -> dict[str, int]:
        async with self.lock(agent.user):
            return await self.run(agent.forget_all)

    async def aclose(self) -> None:
        await self.base._async.aclose()
        self.base.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
