"""Chat: one reply as JSON, or the turn's progress as server-sent events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from usermind.agent.api import Agent, Reply
from usermind.errors import UsermindError
from usermind.serve.deps import service, user_view
from usermind.serve.errors import ApiError, log, one_line, status_of
from usermind.serve.models import ChatIn
from usermind.serve.service import UsermindService

router = APIRouter(prefix="/v1/users/{user}", tags=["chat"])


def _turn(agent: Agent, body: ChatIn, svc: UsermindService) -> Agent:
    limit = svc.settings.max_message_chars
    if len(body.message) > limit:
        raise ApiError(413, f"message too long: {len(body.message):,} characters, the limit is {limit:,}")
    return agent.for_user(agent.user, body.session)


@router.post("/chat", response_model=Reply, summary="Answer one message (stored before the model runs)")
async def chat(
    body: ChatIn, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> Reply:
    """The reply, the memories it was given and why, and this turn's LLM usage.  A model failure is
    a 502 with the reason; the message is stored all the same."""
    return await svc.chat(_turn(agent, body, svc), body.message)


def _event(kind: str, data: Any) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, default=str)}\n\n"


def _progress(update: dict[str, Any]) -> str | None:
    node, changed = next(iter(update.items()))
    if node == "observe":
        return _event("stored", {"turn_id": changed.get("turn_id")})
    if node == "verify":
        check = changed.get("verification") or {}
        kept = [{k: m.get(k) for k in ("id", "kind", "text", "score")} for m in check.get("kept", [])]
        dropped = [{"id": d["memory"]["id"], "reason": d.get("reason", "")} for d in check.get("dropped", [])]
        data = {"personalize": check.get("personalize"), "reason": check.get("reason"), "kept": kept}
        return _event("verified", {**data, "dropped": dropped})
    return None


async def _stream(svc: UsermindService, agent: Agent, text: str) -> AsyncIterator[str]:
    try:
        async for kind, data in svc.chat_events(agent, text):
            if kind == "token":
                yield _event("token", {"text": data["token"], "attempt": data["attempt"]})
            elif kind == "update":
                event = _progress(data)
                if event:
                    yield event
            else:
                yield _event("reply", data.model_dump(mode="json"))
    except UsermindError as exc:
        yield _event("error", {"error": one_line(exc), "status": status_of(exc)})
    except Exception:
        log.exception("unhandled error in a chat stream")
        yield _event("error", {"error": "internal error (logged on the server)", "status": 500})
    yield _event("done", {})


@router.post(
    "/chat/stream",
    summary="The turn as server-sent events: stored, verified, token (text deltas), reply, done",
    response_class=StreamingResponse,
)
async def chat_stream(
    body: ChatIn, agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)
) -> StreamingResponse:
    turn = _turn(agent, body, svc)
    return StreamingResponse(_stream(svc, turn, body.message), media_type="text/event-stream")
