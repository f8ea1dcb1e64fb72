"""User control over memory: list, get, forget (by id, by query, all) and export."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, Any

from usermind.memory.decay import DecayPolicy, DecayReport, MemoryRecord, select_stale
from usermind.memory.episodic import turn_document
from usermind.memory.models import Fact, Memory, Turn
from usermind.memory.pg_words import still_used
from usermind.memory.text import content_terms
from usermind.memory.verify import overlap
from usermind.memory.words import WordStore

if TYPE_CHECKING:
    from usermind.memory.system import MemorySystem

FORGET_MIN_DENSE = 0.5  # forget_query removes memories at least this similar to the query ...
FORGET_FULL_OVERLAP = 0.99  # ... or containing every content word of it


def turn_memory(turn: Turn) -> Memory:
    return Memory(
        id=turn.id,
        kind="turn",
        text=turn_document(turn.text, turn.speaker, turn.caption),
        ts=turn.ts,
        source_ids=[turn.source_id] if turn.source_id else [],
        session_id=turn.session_id,
        speaker=turn.speaker,
    )


def fact_memory(fact: Fact) -> Memory:
    return Memory(
        id=fact.id,
        kind="fact",
        text=fact.text,
        ts=fact.valid_from,
        source_ids=list(fact.source_ids),
        score=fact.confidence,
        valid_to=fact.valid_to,
        invalidated_by=fact.invalidated_by,
    )


def list_memories(mem: MemorySystem, user_id: str, kind: str | None, include_invalid: bool) -> list[Memory]:
    out: list[Memory] = []
    if kind in (None, "turn"):
        out += [turn_memory(t) for t in mem.episodic.list(user_id)]
    if kind in (None, "fact"):
        out += [fact_memory(f) for f in mem.semantic.list(user_id, include_invalid=include_invalid)]
    return out


def get(mem: MemorySystem, user_id: str, memory_id: str) -> Memory | None:
    turn = mem.episodic.get(user_id, memory_id)
    if turn is not None:
        return turn_memory(turn)
    fact = mem.semantic.get(user_id, memory_id)
    return fact_memory(fact) if fact is not None else None


def _turn_documents(conn, user_id: str, ids: set[str]) -> list[str]:
    """The indexed documents of the turns ``ids`` (their words go with them)."""
    out = []
    for turn_id in sorted(ids):
        row = conn.execute(
            "SELECT text, speaker, caption FROM mem_turns WHERE user_id = ? AND id = ?", (user_id, turn_id)
        ).fetchone()
        if row is not None:
            out.append(turn_document(row[0], row[1], row[2]))
    return out


def forget_ids(mem: MemorySystem, user_id: str, memory_ids: list[str]) -> int:
    """Delete turns and facts by id; facts whose every source turn is deleted go with them."""
    ids = set(memory_ids)
    with mem.cache.lock, mem.db.transaction() as conn:  # one transaction; the index is rebuilt lazily
        texts = _turn_documents(conn, user_id, ids)
        removed = mem.episodic.delete(user_id, ids, conn)
        facts = [
            f
            for f in mem.semantic.list(user_id, include_invalid=True)
            if f.id in ids or (f.source_ids and set(f.source_ids) <= ids)
        ]
        derived = [f.id for f in facts]
        removed += mem.semantic.delete(user_id, derived, conn)
        if mem.words.enabled:  # SQLite relearns shared words when the index is rebuilt, Postgres keeps them
            kept = partial(still_used, conn, user_id) if mem.pg is not None else None
            WordStore.delete_words_of(conn, user_id, texts + [f.text for f in facts], kept)
        mem.usage.delete(conn, user_id, [*ids, *derived])
        mem.cache.drop(user_id)
    for cache in (mem.query_vectors, mem.request_vectors):  # the texts were keys there if recalled
        cache.discard(texts)
    return removed


def decay_records(mem: MemorySystem, user_id: str) -> list[MemoryRecord]:
    """Every turn and fact of ``user_id`` (invalidated ones included) with its use statistics."""
    stats = mem.usage.stats(user_id)

    def used(memory_id: str) -> dict[str, Any]:
        uses, last = stats.get(memory_id, (0, None))
        return {"uses": uses, "last_used": last}

    records = [MemoryRecord(id=t.id, kind="turn", ts=t.ts, **used(t.id)) for t in mem.episodic.list(user_id)]
    records += [
        MemoryRecord(
            id=f.id,
            kind="fact",
            ts=f.valid_from,
            confidence=f.confidence,
            valid=f.is_valid,
            source_ids=list(f.source_ids),
            **used(f.id),
        )
        for f in mem.semantic.list(user_id, include_invalid=True)
    ]
    return records


def decay(mem: MemorySystem, user_id: str, policy: DecayPolicy, now: float | None = None) -> DecayReport:
    """Select stale memories with ``policy`` and, unless it is a dry run, forget them."""
    now = time.time() if now is None else now
    with mem.cache.lock, mem.db.lock:  # no write of this process lands between selection and removal
        records = decay_records(mem, user_id)
        candidates = select_stale(records, policy, now)
        if not policy.dry_run and candidates:
            forget_ids(mem, user_id, [c.id for c in candidates])
    return DecayReport(
        user_id=user_id,
        dry_run=policy.dry_run,
        now=now,
        policy=policy,
        examined=len(records),
        candidates=candidates,
        removed=[] if policy.dry_run else candidates,
    )


def forget_query(mem: MemorySystem, user_id: str, query: str) -> int:
    if not query.strip():
        return 0
    terms = content_terms(query)
    idf = mem.idf_for(user_id, terms)
    found = mem.recall(user_id, query, k=100)
    doomed = [
        m.id
        for m in found
        if m.components.get("dense", 0.0) >= FORGET_MIN_DENSE
        or overlap(terms, m.text, idf) >= FORGET_FULL_OVERLAP
    ]
    return forget_ids(mem, user_id, doomed) if doomed else 0


def repair(mem: MemorySystem, user_id: str) -> int:
    """Embed the user's turns still waiting for a vector (an earlier embedding failed); how many."""
    filled = 0
    while pending := mem.episodic.missing_vectors(user_id):
        documents = [turn_document(t.text, t.speaker, t.caption) for t in pending]
        vectors = mem.embedder.embed(documents)
        # the last user message stored is usually recalled next; as a request, in the stored texts' precision
        said = [i for i, t in enumerate(pending) if t.role == "user"][-1:]
        mem.request_vectors.put([documents[i] for i in said], vectors[said])
        with mem.cache.lock:
            mem.episodic.set_vectors(user_id, [t.id for t in pending], vectors, documents)
            index = mem.cache.peek(user_id)
            if index is not None:
                for turn, vector in zip(pending, vectors, strict=True):
                    index.add_turn(turn, vector)
        mem.words.learn(user_id, documents, index)
        filled += len(pending)
    return filled


def forget_all(mem: MemorySystem, user_id: str) -> int:
    """Every row of the user, and what this process holds of them: the query texts it embedded (the
    forgotten user's among them) and the record of their failed word embedding."""
    mem.query_vectors.clear()
    mem.request_vectors.clear()
    mem.words.failed.discard(user_id)
    removed = 0
    with mem.db.transaction() as conn:
        mem.guard.erase(conn, user_id)  # every process's cached index of this user goes stale
        for table in ("mem_turns", "mem_facts", "mem_usage", "mem_words"):
            removed += conn.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,)).rowcount
    mem.cache.drop(user_id)
    return removed


def export(mem: MemorySystem, user_id: str) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "exported_at": time.time(),
        "turns": [t.model_dump(mode="json") for t in mem.episodic.list(user_id)],
        "facts": [f.model_dump(mode="json") for f in mem.semantic.list(user_id, include_invalid=True)],
    }
