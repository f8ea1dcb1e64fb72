"""The memory system's facade: ingest, recall, verify, remember, and user control (list, forget, export)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from usermind.config import validate_user_id
from usermind.llm.embedding_cache import EmbeddingCache
from usermind.memory import control, pg_query
from usermind.memory.bearing import BearingVectors
from usermind.memory.config import MemoryConfig
from usermind.memory.consolidate import Consolidator
from usermind.memory.context_slots import context_slots
from usermind.memory.decay import DecayPolicy, DecayReport
from usermind.memory.decompose import QueryDecomposer, merge_rankings
from usermind.memory.embedding_record import check_embedder
from usermind.memory.episodic import EpisodicStore
from usermind.memory.heap import keep_freed_heap
from usermind.memory.index_load import load_index
from usermind.memory.kinds import MessageKinds
from usermind.memory.models import FactChange, Memory, Turn, TurnIn, Verification
from usermind.memory.pg_query import Found
from usermind.memory.pg_recall import PgRecall
from usermind.memory.pg_words import PgWords
from usermind.memory.query import QueryInfo, analyse, with_kinds
from usermind.memory.recall import search
from usermind.memory.recall_filter import NO_FILTER, RecallFilter
from usermind.memory.semantic import SemanticStore
from usermind.memory.usage import UsageLog
from usermind.memory.user_index import IndexCache, UserIndex
from usermind.memory.vector_index import limit_blas_threads
from usermind.memory.verify_run import verify_memories
from usermind.memory.words import WordVectors
from usermind.storage.coherence import MEMORY, CacheGuard
from usermind.storage.contract import Storage

if TYPE_CHECKING:
    from usermind.protocols import ChatModel, Embedder


class MemorySystem:
    """Episodic and semantic memory of every user in one database; all calls are scoped to a user id."""

    def __init__(
        self,
        db: Storage,
        embedder: Embedder,
        llm: ChatModel | None = None,
        config: MemoryConfig | None = None,
    ):
        self.db = db
        self.embedder = embedder
        self.llm = llm
        self.config = config or MemoryConfig()
        limit_blas_threads(self.config.blas_threads)
        keep_freed_heap(self.config.heap_keep_mb)
        self.guard = CacheGuard(db, MEMORY)  # the index cache is checked against the database
        # Postgres: candidates come from the database (HNSW + full-text search), no full index copy
        cfg = self.config
        pg = db.dialect == "postgres"
        # requests and statements the wording rules miss, told by their embeddings
        self.kinds = MessageKinds(lambda: self.embedder) if cfg.message_kinds else None
        self.pg = (
            PgRecall(db, embedder.dim, cfg.candidate_pool, cfg.candidate_rows, cfg.weights, self.kinds)
            if pg
            else None
        )
        self.decomposer = QueryDecomposer(llm, cfg.decompose_parts) if llm and cfg.llm_decompose else None
        search = self.pg.search if self.pg is not None else None
        self.episodic = EpisodicStore(db, self.guard, search)
        check_embedder(db, embedder)  # a store embedded with another model fails here, in one line
        self.semantic = SemanticStore(db, self.guard, search)
        self.usage = UsageLog(db)
        self.cache = IndexCache(self._load_index, self.guard)
        # the user's word vectors (word expansion; on Postgres scanned in the database)
        self.words = WordVectors(db, lambda words: self.embedder.embed(words), self.cache.lock)
        self.pg_words = PgWords(db, self.words, embedder.dim) if pg else None
        self.bearing = BearingVectors(lambda: self.embedder)  # life domains and example pairs
        # questions through the embedder's query path (int8 on CPUs without native bfloat16); requests,
        # whose stated preferences are told apart by small cosine differences, in the stored texts' precision
        self.query_vectors = EmbeddingCache(max_items=256, source=lambda: self.embedder, queries=True)
        self.request_vectors = EmbeddingCache(max_items=64, source=lambda: self.embedder)
        self.consolidator = Consolidator(
            self.episodic,
            self.semantic,
            embedder,
            llm,
            use_llm=self.config.llm_extraction,
            batch_size=self.config.extraction_batch,
            on_fact=self._fact_added,
            on_invalidate=self._fact_invalidated,
            kinds=self.kinds,
        )

    # ----- ingest -------------------------------------------------------------------------------------
    def add_turn(
        self,
        user_id: str,
        session_id: str,
        role: Literal["user", "assistant"],
        text: str,
        *,
        ts: float | None = None,
        speaker: str | None = None,
        source_id: str | None = None,
        caption: str | None = None,
    ) -> Turn:
        """Store one turn (durable on return) with its embedding."""
        item = TurnIn(
            session_id=session_id,
            role=role,
            text=text,
            ts=ts,
            speaker=speaker,
            source_id=source_id,
            caption=caption,
        )
        return self.add_turns(user_id, [item])[0]

    def add_turns(self, user_id: str, items: list[TurnIn]) -> list[Turn]:
        """Batched ingest, durable first: the turns are committed before anything can fail, then
        embedded (with any turn an earlier failure left without a vector).  If the embedder fails
        the turns stay stored and :meth:`repair` (or the next ingest) fills their vectors in."""
        validate_user_id(user_id)
        if not items:
            return []
        turns = self.episodic.add(user_id, items)
        self.repair(user_id)
        return turns

    def repair(self, user_id: str) -> int:
        """Embed the user's turns still waiting for a vector; returns how many were filled in."""
        return control.repair(self, validate_user_id(user_id))

    # ----- recall and verify --------------------------------------------------------------------------
    def _embed_query(self, text: str) -> np.ndarray:
        return self.query_vectors.vector(text)

    def _analyse(self, index: UserIndex, query: str) -> QueryInfo:
        return self.analyse(query, index.speakers)

    def analyse(self, query: str, speakers: set[str]) -> QueryInfo:
        """The query's analysis: the wording rules, then the message-kind classifier on its embedding
        (through the query cache, so the vector is computed once) for a request the rules missed, or
        for a statement about the user they took for one."""
        info = analyse(query, speakers)
        return with_kinds(info, self.kinds, lambda: self.query_vectors.vector(self._dense_text(info)))

    def _dense_text(self, info: QueryInfo) -> str:
        return info.dense_text if self.config.dense_without_speakers else info.text

    def _query_vector(self, info: QueryInfo) -> np.ndarray:
        """The query's embedding (one per query, shared by recall and verification): a question through
        the embedder's query path, a request in the stored texts' precision (see ``__init__``).  Always
        alone, never batched with other texts: int8 products scale each batch as a whole."""
        cache = self.request_vectors if info.wants_bearing else self.query_vectors
        return cache.vector(self._dense_text(info))

    def recall(
        self,
        user_id: str,
        query: str,
        *,
        k: int = 8,
        now: float | None = None,
        where: RecallFilter = NO_FILTER,
    ) -> list[Memory]:
        """The ``k`` best memories (turns and facts) for ``query`` that ``where`` lets through, scored
        with components and provenance (with ``llm_decompose``: merged with the recalls of the query's
        sub-queries).  Filter here, not afterwards: a request's last slots hold the stated preferences
        that bear on it, which a cut after filtering would drop."""
        validate_user_id(user_id)
        if not query or not query.strip():
            return []
        found, info = self._recall_one(user_id, query, k, now, where)
        # a request is not split: its last slots hold the preferences that bear on it (fusion would cut them)
        if self.decomposer is None or info.wants_bearing:
            return found
        parts = self.decomposer.queries(query)
        if not parts:
            return found
        return merge_rankings(found, [self._recall_one(user_id, p, k, now, where)[0] for p in parts], k)

    def _recall_one(
        self, user_id: str, query: str, k: int, now: float | None, where: RecallFilter
    ) -> tuple[list[Memory], QueryInfo]:
        slots = context_slots(self.config, k)  # a long recall ranks the turns around its best hits too
        reach = slots.turns if slots is not None else 1
        index, info, query_vec, expansion = self._index_for(user_id, query, reach=reach)
        basis = self.bearing.basis if info.wants_bearing else None
        # word expansion: on SQLite from the index's vocabulary, on Postgres found with the candidates
        words = self.words.for_query(index, info, self.query_vectors.vectors) if self.pg is None else None
        with self._index_lock():
            found = search(
                index,
                query_vec,
                info,
                k=k,
                now=now,
                config=self.config,
                basis=basis,
                words=words,
                expansion=expansion,
                where=where,
            )
        return found, info

    def _index_lock(self) -> AbstractContextManager[Any]:
        """The shared index cache's lock (SQLite); Postgres builds a private index per call."""
        return self.cache.lock if self.pg is None else nullcontext()

    def _index_for(self, user_id: str, query: str, ids: list[str] | None = None, reach: int = 1) -> Found:
        """The index to rank ``query`` on, the query's analysis and its vector: on SQLite the user's
        cached full index, on Postgres the query's candidates (or the rows ``ids``) with the word
        expansion's terms and the turns within ``reach`` of each in its session."""
        if self.pg is not None:
            return pg_query.on_postgres(self, user_id, query, ids, reach)
        index = self.cache.get(user_id)
        info = self._analyse(index, query)
        return Found(index, info, self._query_vector(info))

    def idf_for(self, user_id: str, terms: list[str]):
        """The user's BM25 inverse document frequency function, ready for ``terms``."""
        if self.pg is None:
            return self.cache.get(user_id).lexical.idf
        return self.pg.bm25(user_id, terms).idf

    def verify(self, user_id: str, query: str, memories: list[Memory]) -> Verification:
        """Self-ReCheck: which memories to use for ``query``, whether to personalize, and guards."""
        return verify_memories(self, validate_user_id(user_id), query, memories)

    def note_used(self, user_id: str, memory_ids: list[str]) -> None:
        """Record that one reply used ``memory_ids`` (feeds the repetition guard)."""
        self.usage.record(validate_user_id(user_id), memory_ids)

    # ----- consolidation ------------------------------------------------------------------------------
    def remember(self, user_id: str) -> list[FactChange]:
        """Distil every pending turn into facts (idempotent; resumes where a crash stopped it)."""
        return self.consolidator.run(validate_user_id(user_id))

    def _fact_added(self, user_id: str, fact, vector) -> None:
        with self.cache.lock:
            index = self.cache.peek(user_id)
            if index is not None:
                index.add_fact(fact, vector)
        self.words.learn(user_id, [fact.text], index)

    def _fact_invalidated(self, user_id: str, fact_id: str) -> None:
        with self.cache.lock:
            index = self.cache.peek(user_id)
            if index is not None:
                index.mask(fact_id)

    def _load_index(self, user_id: str) -> UserIndex:
        return load_index(self, user_id)

    # ----- user control -------------------------------------------------------------------------------
    def list_memories(
        self, user_id: str, kind: str | None = None, include_invalid: bool = False
    ) -> list[Memory]:
        return control.list_memories(self, validate_user_id(user_id), kind, include_invalid)

    def get(self, user_id: str, memory_id: str) -> Memory | None:
        return control.get(self, validate_user_id(user_id), memory_id)

    def fact_history(self, user_id: str, subject: str, predicate: str) -> list[Memory]:
        """Every version of one fact key, invalidated ones included, oldest first."""
        facts = self.semantic.history(validate_user_id(user_id), subject, predicate)
        return [control.fact_memory(f) for f in facts]

    def forget(self, user_id: str, memory_id: str) -> bool:
        return control.forget_ids(self, validate_user_id(user_id), [memory_id]) > 0

    def forget_query(self, user_id: str, query: str) -> int:
        """Forget the memories that match ``query`` closely; returns how many were removed."""
        return control.forget_query(self, validate_user_id(user_id), query)

    def decay(
        self, user_id: str, policy: DecayPolicy | None = None, *, now: float | None = None
    ) -> DecayReport:
        """Find (and unless ``policy.dry_run``, forget) stale never-used memories; see :mod:`.decay`."""
        return control.decay(self, validate_user_id(user_id), policy or DecayPolicy(), now)

    def forget_all(self, user_id: str) -> int:
        return control.forget_all(self, validate_user_id(user_id))

    def export(self, user_id: str) -> dict[str, Any]:
        return control.export(self, validate_user_id(user_id))

    def users(self, prefix: str = "", *, offset: int = 0, limit: int | None = None) -> list[str]:
        """The users that have memories (stored turns) and whose id starts with ``prefix``, paged."""
        return self.episodic.users(prefix, offset=offset, limit=limit)
