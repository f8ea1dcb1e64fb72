"""User control: export, import, delete every trace, persona, feedback (KGT) and reactions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends

from usermind.agent.api import Agent
from usermind.errors import StorageError
from usermind.serve.deps import known_user, service, user_view
from usermind.serve.errors import ApiError
from usermind.serve.models import Deleted, FeedbackIn, PersonaIn, ReactionIn
from usermind.serve.service import UsermindService

router = APIRouter(prefix="/v1/users/{user}", tags=["users"])


@router.get("/export", summary="Every row of the user in every store, checkpoints included")
async def export(
    agent: Agent = Depends(known_user), svc: UsermindService = Depends(service)
) -> dict[str, Any]:
    return await svc.run(agent.export)


@router.post("/import", status_code=201, summary="Restore an export as this user (who has no data yet)")
async def import_(
    data: dict[str, Any] = Body(...),
    agent: Agent = Depends(user_view),
    svc: UsermindService = Depends(service),
) -> dict[str, dict[str, int]]:
    async with svc.lock(agent.user):
        if await svc.exists(agent):
            raise ApiError(
                409, "this user already has data; delete the user first or import under another id"
            )
        try:
            return {"imported": await svc.run(agent.import_data, data)}
        except StorageError as exc:
            if "UNIQUE constraint" not in str(exc):
                raise
            raise ApiError(
                409, "the export's memory ids are stored here already (its user still exists)"
            ) from None


@router.delete("", response_model=Deleted, summary="Delete every trace of the user")
async def delete_user(agent: Agent = Depends(known_user), svc: UsermindService = Depends(service)) -> Deleted:
    return Deleted(deleted=await svc.forget_user(agent))


@router.get("/persona", summary="The structured persona")
async def persona(
    agent: Agent = Depends(known_user), svc: UsermindService = Depends(service)
) -> dict[str, Any]:
    found = await svc.run(agent.persona.get, agent.user)
    return found.model_dump(mode="json")


@router.put("/persona", summary="Set one persona attribute (stated by the user)")
async def set_persona(
    body: PersonaIn, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> dict[str, Any]:
    saved = await svc.run(agent.persona.set, agent.user, body.attribute, body.value, body.polarity)
    if saved is None:
        raise ApiError(422, f"attribute {body.attribute!r} was not stored (sensitive or empty)")
    return saved.model_dump(mode="json")


@router.delete("/persona/{attribute}", response_model=Deleted, summary="Forget a persona attribute")
async def forget_persona(
    attribute: str,
    value: str | None = None,
    agent: Agent = Depends(known_user),
    svc: UsermindService = Depends(service),
) -> Deleted:
    removed = await svc.run(agent.persona.forget, agent.user, attribute, value)
    if not removed:
        raise ApiError(404, "persona attribute not found")
    return Deleted(deleted={"persona": removed})


@router.post("/feedback", summary="The right answer to a message: KGT edits the user's graph")
async def feedback(
    body: FeedbackIn, agent: Agent = Depends(known_user), svc: UsermindService = Depends(service)
) -> dict[str, Any]:
    async with svc.lock(agent.user):
        result = await svc.run(agent.feedback, body.answer, body.query)
    return result.model_dump(mode="json")


@router.post("/reactions", status_code=201, summary="A like or dislike of a recommended item")
async def react(
    body: ReactionIn, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> dict[str, Any]:
    async with svc.lock(agent.user):
        triple = await svc.run(agent.react, body.item, body.liked)
    return triple.model_dump(mode="json") if hasattr(triple, "model_dump") else {"result": str(triple)}
