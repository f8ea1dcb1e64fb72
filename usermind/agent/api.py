"""The library API: ``Agent(user=..., model=..., home=...)`` and ``agent.chat(text)``."""

from __future__ import annotations

import copy
import dataclasses
import threading
import time
from collections.abc import AsyncIterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usermind.agent.async_graph import AsyncGraph
from usermind.agent.background import BackgroundWorker
from usermind.agent.clients import agent_model, memory_model
from usermind.agent.context import AgentContext
from usermind.agent.graph import build_graph
from usermind.agent.learning import consolidate
from usermind.agent.message import clean_message
from usermind.agent.reply import Reply
from usermind.agent.user_data import UserData
from usermind.config import Settings, resolve_home, validate_user_id
from usermind.errors import ConfigError
from usermind.llm.client import LLMClient
from usermind.llm.usage import turn_usage
from usermind.memory import MemorySystem
from usermind.prompts import PromptLibrary, PromptOverride
from usermind.registry import make_embedder, open_graph_backend
from usermind.settings import load_settings
from usermind.storage.checkpoints import open_checkpointer
from usermind.storage.open import open_database

if TYPE_CHECKING:
    from usermind.protocols import ChatModel, Embedder, GraphBackend
    from usermind.tools import ToolRegistry

__all__ = ["Agent", "Reply"]


class Agent(UserData):
    """A personal assistant for one user, backed by a home folder, resumable across restarts."""

    def __init__(
        self,
        user: str,
        model: str | None = None,
        home: str | Path | None = None,
        *,
        session: str = "main",
        settings: Settings | None = None,
        tools: ToolRegistry | None = None,
        llm: ChatModel | None = None,
        memory_llm: ChatModel | None = None,
        embedder: Embedder | None = None,
        graph: GraphBackend | None = None,
        database: str | None = None,
        config: str | Path | None = None,
        prompts: Mapping[str, PromptOverride] | None = None,
        **overrides: Any,
    ):
        """``overrides`` are :class:`~usermind.settings.Settings` fields (sections as dicts), above
        ``settings``, the CLI, ``USERMIND_…`` variables and the config file (``config``, else
        ``config.toml`` in the home folder).  ``llm``, ``embedder`` and ``graph`` are ready parts that
        replace the ones the settings would build (a custom api_base, litellm's ``mock_response`` in
        tests, your own embedding model or graph store); ``memory_llm`` runs the memory's LLM steps
        (re-check, extraction, decomposition) instead of ``llm`` (or of ``memory.model``).
        ``prompts`` replaces registered prompts (:mod:`usermind.prompts`) with callables or template
        files, above the ``[prompts]`` setting.
        ``database`` is a database URL (``postgresql://…``, ``sqlite:///…``) above
        ``settings.database.url`` / ``USERMIND_DATABASE_URL``; none: the SQLite file in ``home``."""
        self.user = validate_user_id(user)
        self.session = validate_user_id(session)
        updates = {k: v for k, v in {"model": model, **overrides}.items() if v is not None}
        self.home = resolve_home(home)
        loaded = load_settings(config=config, home=self.home, settings=settings, overrides=updates)
        self.settings, self.settings_sources = loaded.settings, loaded.sources
        self.prompts = PromptLibrary({**self.settings.prompts, **(prompts or {})})
        self.db = open_database(self.home, database or self.settings.database.url)
        self.llm = llm if llm is not None else agent_model(self.settings)
        if llm is not None:
            self.settings = self.settings.model_copy(update={"model": llm.model})
        self.meter = self.llm.meter
        memory = self.settings.memory
        uses_llm = memory.llm_extraction or memory.llm_verify or memory.llm_decompose  # flat ones mirrored
        self.memory = MemorySystem(
            self.db,
            embedder or make_embedder(self.settings.embedding_model, self.settings),
            llm=(memory_llm or memory_model(self.settings, self.llm)) if uses_llm else None,
            config=self.settings.memory,
        )
        self.checkpointer, self._close_checkpointer = open_checkpointer(self.db)
        self.graph = build_graph(self.checkpointer)
        from usermind.persona import PersonaService
        from usermind.tools import ToolPreferenceStore

        self.persona = PersonaService(self.db, llm=self.llm if self.settings.llm_persona else None)
        self.tool_prefs = ToolPreferenceStore(self.db)
        self.graph_backend = graph or open_graph_backend(self.settings, self.db)
        self.context = AgentContext(
            db=self.db,
            memory=self.memory,
            llm=self.llm,
            settings=self.settings,
            tools=tools,
            tool_prefs=self.tool_prefs,
            persona=self.persona,
            graph=self.graph_backend,
        )
        self._lock = threading.Lock()
        self._scorer: ChatModel | None = None  # KGT's log-prob scorer, created on first feedback
        self._worker = BackgroundWorker()
        self._turns = 0  # user messages in this process (GPG refresh cadence)
        self._async = AsyncGraph()  # ``achat``'s graph and checkpointer, opened on first use
        self._owner = True  # False for :meth:`for_user` views, which share everything
        if self.settings.llm_extraction:  # resume extraction a crash may have interrupted
            self._worker.submit(self._consolidate)

    def _consolidate(self) -> None:
        with self.prompts.active():
            self._consolidate_now()

    def _consolidate_now(self) -> None:
        consolidate(self.memory, self.context.graph_for, self.persona, self.user)

    @property
    def thread_id(self) -> str:
        return f"{self.user}:{self.session}"

    @property
    def _config(self) -> dict[str, Any]:
        return {"configurable": {"thread_id": self.thread_id}}

    def _turn_input(self, text: str, now: float | None) -> dict[str, Any]:
        return {"user_id": self.user, "session_id": self.session, "message": text, "now": now or time.time()}

    def chat(self, text: str | bytes, *, now: float | None = None) -> Reply:
        """Answer one user message; the message is stored before anything can fail (invalid UTF-8 and
        NULs are replaced, see :func:`~usermind.agent.message.clean_message`)."""
        text = clean_message(text, self.settings.max_message_chars)
        with self._lock, self.prompts.active(), turn_usage() as meter:  # every model's calls this turn
            start = time.perf_counter()
            state = self.graph.invoke(
                self._turn_input(text, now),
                config=self._config,
                context=self.context,
            )
            latency = (time.perf_counter() - start) * 1000
            usage = meter.snapshot()
        self._after_turn(state)
        return Reply.from_state(state, usage, latency)

    def _after_turn(self, state: dict[str, Any]) -> None:
        """Background work a finished turn starts: LLM fact extraction, and GPG every
        ``persona_refresh_turns`` user messages."""
        if self.settings.llm_extraction:
            self._worker.submit(self._consolidate)
        self._turns += 1
        if self.settings.llm_persona and self._turns % self.settings.persona_refresh_turns == 0:
            said = [m["content"] for m in state.get("history", []) if m.get("role") == "user"]
            self._worker.submit(partial(self._refresh_persona, said))

    def _refresh_persona(self, user_messages: list[str]) -> None:
        """GPG over the recent user messages (background; a model failure leaves the persona as is)."""
        with self.prompts.active():
            self.persona.refresh_with_llm(
                self.user, user_messages[-4 * self.settings.persona_refresh_turns :]
            )

    async def achat(self, text: str | bytes, *, now: float | None = None) -> Reply:
        """:meth:`chat` on the event loop: ``graph.ainvoke``-style run with the async SQLite
        checkpointer, the model through ``litellm.acompletion``; LangGraph runs the sync nodes
        (embedding, SQLite) in the loop's default executor, which a server bounds.  Usage figures are
        this turn's own even when many users' turns run at once."""
        reply: Reply | None = None
        async for kind, data in self.astream(text, now=now):
            if kind == "reply":
                reply = data
        assert reply is not None
        return reply

    async def astream(
        self, text: str | bytes, *, now: float | None = None, tokens: bool = False
    ) -> AsyncIterator[tuple[str, Any]]:
        """The turn as it runs: ``("update", {node: changed keys})`` after each node, then
        ``("reply", Reply)``.  The message is stored by the first node, before any model call.
        ``tokens``: the model streams, and each text delta comes as ``("token", {"token", "attempt"})``
        while it generates; provisional, the reply's text is the final one (stripped, checked)."""
        text = clean_message(text, self.settings.max_message_chars)
        graph = await self._async.graph_for(self)
        state: dict[str, Any] = {}
        context = dataclasses.replace(self.context, stream_tokens=True) if tokens else self.context
        with turn_usage() as meter, self.prompts.active():
            start = time.perf_counter()
            async for mode, chunk in graph.astream(
                self._turn_input(text, now),
                config=self._config,
                context=context,
                stream_mode=["updates", "values", "custom"] if tokens else ["updates", "values"],
            ):
                if mode == "custom":
                    yield "token", chunk
                elif mode == "updates":
                    yield "update", chunk
                else:
                    state = chunk
            latency = (time.perf_counter() - start) * 1000
        self._after_turn(state)
        yield "reply", Reply.from_state(state, meter.snapshot(), latency)

    def for_user(self, user: str, session: str = "main") -> Agent:
        """A view of this agent for another user: the same database, models, graph and background
        worker, its own user and conversation thread.  Closing a view does nothing; close the agent."""
        view = copy.copy(self)
        view.user = validate_user_id(user)
        view.session = validate_user_id(session)
        view._lock = threading.Lock()
        view._owner = False
        return view

    def why(self) -> dict[str, Any]:
        """The memories behind the last reply (kept and dropped, with reasons), from the checkpoint."""
        snapshot = self.graph.get_state(self._config)
        return dict(snapshot.values.get("why") or {})

    def history(self) -> list[dict[str, Any]]:
        return list(self.graph.get_state(self._config).values.get("history") or [])

    def knowledge_graph(self):
        """This user's knowledge graph (logged, reversible edits)."""
        return self.context.graph_for(self.user)

    def feedback(self, answer: str, query: str | None = None) -> Any:
        """The user's correct ``answer`` to ``query`` (default: the last message) tunes their knowledge
        graph with KGT; the LLM stays frozen.  Returns the logged, reversible
        :class:`~usermind.graphs.kgt.KGTResult`."""
        from usermind.graphs.kgt import KGTEditor

        query = query or self.why().get("message")
        if not query or not answer.strip():
            raise ConfigError("feedback needs an answer and a message to attach it to (chat first)")
        if self._scorer is None:
            same = self.settings.kgt_scorer == self.llm.model
            self._scorer = self.llm if same else LLMClient(self.settings.kgt_scorer, meter=self.meter)
        with self.prompts.active():
            return KGTEditor(self.knowledge_graph(), self._scorer, self.settings.kgt).tune(
                query, answer.strip()
            )

    def react(self, item: str, liked: bool) -> Any:
        """The user's reaction to a recommended item: a feedback-sourced likes/dislikes triple, which
        the recommendation tool uses to choose this user's filter-bubble strategy."""
        from usermind.graphs.models import SELF, Provenance, Triple
        from usermind.graphs.pie.tool import FEEDBACK_SOURCE

        if not item.strip():
            raise ConfigError("name the item you liked or disliked")
        relation = "likes" if liked else "dislikes"
        triple = Triple(
            head=SELF,
            relation=relation,
            tail=item.strip(),
            polarity=relation,
            head_type="user",
            provenance=Provenance(source=FEEDBACK_SOURCE),
        )
        return self.knowledge_graph().add(
            triple, reason="reaction to a recommendation", source=FEEDBACK_SOURCE
        )

    def prefer(self, prompt: str, chosen: str, rejected: str) -> list[Any]:
        """Pairwise feedback: infer the persona that explains choosing ``chosen`` over ``rejected``."""
        with self.prompts.active():
            return self.persona.prefer(self.user, prompt, chosen, rejected)

    def flush(self) -> None:
        """Wait for background work (fact extraction) to finish."""
        self._worker.flush()

    def close(self) -> None:
        if not self._owner:
            return
        self._worker.close()
        self._async.close()
        self._close_checkpointer()
        self.db.close()

    def __enter__(self) -> Agent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
