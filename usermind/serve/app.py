"""The FastAPI application: ``create_app(service)``; ``app_from_env()`` for uvicorn's workers."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from usermind.errors import ConfigError
from usermind.serve import routes_chat, routes_memories, routes_users
from usermind.serve.errors import BodyLimit, install_handlers, one_line
from usermind.serve.models import Health
from usermind.serve.service import UsermindService

ENV = "USERMIND_SERVE_OPTIONS"


class ServeOptions(BaseModel):
    """What ``usermind serve`` passes to each worker process (the ``server`` settings section)."""

    home: str | None = None
    model: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    workers: int = Field(1, ge=1, le=64)
    no_auth: bool = False
    max_body_bytes: int = Field(1_000_000, ge=1024)
    threads: int = Field(8, ge=1, le=256, description="bounded executor for sync work, per worker")
    db: str | None = Field(None, description="database URL (default: settings.database.url, else SQLite)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_options(options: ServeOptions) -> ServeOptions:
    if options.no_auth and not is_loopback(options.host):
        raise ConfigError(f"--no-auth is only allowed on a loopback address, not {options.host}")
    return options


def create_app(svc: UsermindService, *, no_auth: bool = False, max_body_bytes: int = 1_000_000) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        svc.install(asyncio.get_running_loop())
        await svc.run(svc.base.memory.embedder.embed, ["warm up"])  # load the embedder before traffic
        app.state.ready = True
        try:
            yield
        finally:
            app.state.ready = False
            await svc.base._async.aclose()  # the async checkpointer's connection (reopened on next use)

    app = FastAPI(
        title="usermind",
        version="0.1.0",
        summary="Memory for assistants that remember each user: chat, memories, persona, feedback.",
        lifespan=lifespan,
    )
    app.state.service, app.state.no_auth, app.state.ready = svc, no_auth, False
    install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    for module in (routes_chat, routes_memories, routes_users):
        app.include_router(module.router)

    @app.get("/healthz", response_model=Health, tags=["ops"])
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, tags=["ops"])
    async def readyz():
        try:
            await svc.run(svc.base.db.query, "SELECT 1")
        except Exception as exc:
            return JSONResponse({"status": "unavailable", "detail": {"error": one_line(exc)}}, 503)
        if not app.state.ready:
            return JSONResponse({"status": "starting", "detail": {}}, 503)
        return Health(status="ready", detail={"auth": not no_auth})

    return app


def app_from_env() -> FastAPI:
    """uvicorn's factory in each worker: options from ``$USERMIND_SERVE_OPTIONS`` (JSON)."""
    options = check_options(ServeOptions.model_validate(json.loads(os.environ.get(ENV, "{}"))))
    svc = UsermindService.open(
        Path(options.home) if options.home else None,
        options.model,
        threads=options.threads,
        database=options.db,
    )
    return create_app(svc, no_auth=options.no_auth, max_body_bytes=options.max_body_bytes)
