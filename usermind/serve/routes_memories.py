"""Memories: add messages (mem0-like), search (recall + verification), list, get, correct, delete,
history.  Every route acts on the caller's tenant's user only."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from usermind.agent.api import Agent
from usermind.memory.models import Memory
from usermind.serve import memories as ops
from usermind.serve.deps import known_user, service, user_view
from usermind.serve.errors import ApiError
from usermind.serve.models import AddMemoriesIn, AddMemoriesOut, Deleted, MemoryPage, PatchMemoryIn, SearchOut
from usermind.serve.service import UsermindService

router = APIRouter(prefix="/v1/users/{user}/memories", tags=["memories"])
Kind = Literal["turn", "fact"]
NO_MEMORY = "memory not found"


@router.post("", response_model=AddMemoriesOut, status_code=201, summary="Add messages as memories")
async def add(
    body: AddMemoriesIn, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> AddMemoriesOut:
    limit = svc.settings.max_message_chars
    if any(len(m.content) > limit for m in body.messages):
        raise ApiError(413, f"a message is over the limit of {limit:,} characters; nothing was stored")
    async with svc.lock(agent.user):
        return await svc.run(ops.add_messages, agent, body.messages, body.session)


@router.get("/search", response_model=SearchOut, summary="Hybrid recall with verification")
async def search(
    q: str = Query(..., min_length=1, max_length=4000),
    k: int = Query(8, ge=1, le=100),
    kind: Kind | None = None,
    since: float | None = Query(None, description="seconds since the epoch"),
    until: float | None = None,
    agent: Agent = Depends(known_user),
    svc: UsermindService = Depends(service),
) -> SearchOut:
    return await svc.run(ops.search, agent, q, k, kind, since, until)


@router.get("", response_model=MemoryPage, summary="List memories, paged")
async def list_memories(
    kind: Kind | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
    include_invalid: bool = Query(False, description="facts that were replaced, too"),
    agent: Agent = Depends(known_user),
    svc: UsermindService = Depends(service),
) -> MemoryPage:
    return await svc.run(ops.page, agent, kind, offset, limit, include_invalid)


@router.get("/{memory_id}", response_model=Memory)
async def get(
    memory_id: str, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> Memory:
    found = await svc.run(agent.memory.get, agent.user, memory_id)
    if found is None:
        raise ApiError(404, NO_MEMORY)
    return found


@router.patch("/{memory_id}", response_model=Memory, summary="Correct a fact (a new version)")
async def patch(
    memory_id: str,
    body: PatchMemoryIn,
    agent: Agent = Depends(user_view),
    svc: UsermindService = Depends(service),
) -> Memory:
    async with svc.lock(agent.user):
        found = await svc.run(ops.correct, agent, memory_id, body.text, body.object)
    if found is None:
        raise ApiError(404, NO_MEMORY)
    return found


@router.delete("/{memory_id}", response_model=Deleted)
async def delete(
    memory_id: str, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> Deleted:
    async with svc.lock(agent.user):
        removed = await svc.run(agent.forget, memory_id)
    if not removed:
        raise ApiError(404, NO_MEMORY)
    return Deleted(deleted={"memories": 1})


@router.get("/{memory_id}/history", response_model=list[Memory], summary="Every version of a fact")
async def history(
    memory_id: str, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> list[Memory]:
    found = await svc.run(ops.history, agent, memory_id)
    if found is None:
        raise ApiError(404, NO_MEMORY)
    return found
