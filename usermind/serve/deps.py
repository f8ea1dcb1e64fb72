"""Request dependencies: the service, the caller's tenant (bearer API key), the user's view."""

from __future__ import annotations

from fastapi import Depends, Request

from usermind.agent.api import Agent
from usermind.serve.errors import ApiError
from usermind.serve.service import UsermindService

NOT_FOUND = "user not found"


def service(request: Request) -> UsermindService:
    return request.app.state.service


async def tenant(request: Request, svc: UsermindService = Depends(service)) -> str | None:
    """The tenant of the bearer key; None when the server runs with ``--no-auth`` (loopback only)."""
    if request.app.state.no_auth:
        return None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "missing API key: send 'Authorization: Bearer <key>'", {"WWW-Authenticate": "Bearer"}
        )
    found = await svc.run(svc.keys.tenant_of, token.strip())
    if found is None:
        raise ApiError(401, "invalid or revoked API key", {"WWW-Authenticate": "Bearer"})
    return found


def user_view(
    user: str, owner: str | None = Depends(tenant), svc: UsermindService = Depends(service)
) -> Agent:
    """The caller's ``user`` (in the caller's tenant); an invalid id is a 422."""
    return svc.agent(owner, user)


async def known_user(agent: Agent = Depends(user_view), svc: UsermindService = Depends(service)) -> Agent:
    """As :func:`user_view`, 404 when the user has nothing stored: another tenant's user looks
    exactly like one that never existed."""
    if not await svc.exists(agent):
        raise ApiError(404, NOT_FOUND)
    return agent
