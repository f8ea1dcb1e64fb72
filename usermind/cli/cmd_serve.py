"""``usermind serve`` (HTTP API), ``usermind keys create|list|revoke`` (API keys) and ``usermind mcp``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from usermind.cli.db_option import DbOpt
from usermind.errors import UsermindError

HomeOpt = typer.Option(None, "--home", help="home folder (default $USERMIND_HOME or ~/.usermind)")
ModelOpt = typer.Option(None, "--model", "-m", help="litellm model string (default local/smollm2)")
keys_app = typer.Typer(
    help="API keys of the HTTP server: one tenant each, stored hashed.", no_args_is_help=True
)


def _fail(exc: UsermindError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def serve(
    host: str | None = typer.Option(None, help="address to bind (default server.host: 127.0.0.1)"),
    port: int | None = typer.Option(None, help="TCP port (default server.port: 8000)"),
    workers: int | None = typer.Option(
        None, min=1, max=64, help="worker processes sharing the database (default server.workers: 1)"
    ),
    home: Path | None = HomeOpt,
    model: str | None = ModelOpt,
    db: str | None = DbOpt,
    no_auth: bool = typer.Option(False, "--no-auth", help="no API keys (only on a loopback address)"),
    max_body_bytes: int = typer.Option(1_000_000, help="largest accepted request body"),
    threads: int = typer.Option(8, min=1, max=256, help="bounded executor for sync work, per worker"),
    healthcheck_s: int = typer.Option(
        60,
        "--worker-healthcheck-s",
        min=1,
        max=3600,
        help="with --workers > 1: seconds a worker may take to answer uvicorn's liveness ping before it is "
        "killed and restarted (uvicorn's 5 s default killed busy workers mid-request on a loaded machine)",
    ),
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from usermind.config import resolve_home
    from usermind.serve.app import ENV, ServeOptions, check_options
    from usermind.settings import load_settings

    try:
        folder = resolve_home(home)
        server = load_settings(home=folder).settings.server
        options = check_options(
            ServeOptions(
                home=str(folder),
                model=model,
                host=host or server.host,
                port=server.port if port is None else port,
                workers=workers or server.workers,
                no_auth=no_auth,
                max_body_bytes=max_body_bytes,
                threads=threads,
                db=db,
            )
        )
    except UsermindError as exc:
        _fail(exc)
    os.environ[ENV] = options.model_dump_json()
    uvicorn.run(
        "usermind.serve.app:app_from_env",
        factory=True,
        host=options.host,
        port=options.port,
        workers=options.workers,
        timeout_worker_healthcheck=healthcheck_s,
        log_level="info",
    )


@keys_app.command("create")
def create_key(
    tenant: str = typer.Option(..., "--tenant", "-t", help="tenant the key belongs to"),
    home: Path | None = HomeOpt,
    db: str | None = DbOpt,
) -> None:
    """Create an API key; it is printed once and only its hash is stored."""
    from usermind.serve.keys import KeyStore

    try:
        with _db(home, db) as database:
            new = KeyStore(database).create(tenant)
    except UsermindError as exc:
        _fail(exc)
    typer.echo(new.key)
    typer.echo(f"key {new.id} for tenant {new.tenant}: shown once, store it now", err=True)


@keys_app.command("list")
def list_keys(
    tenant: str | None = typer.Option(None, "--tenant", "-t"),
    home: Path | None = HomeOpt,
    db: str | None = DbOpt,
) -> None:
    """Key ids, tenants and dates (never the keys)."""
    from usermind.serve.keys import KeyStore

    try:
        with _db(home, db) as database:
            keys = KeyStore(database).list(tenant)
    except UsermindError as exc:
        _fail(exc)
    for key in keys:
        typer.echo(json.dumps(key.model_dump()))


@keys_app.command("revoke")
def revoke_key(
    key_id: str = typer.Argument(..., help="the id (second part of um_<id>_...)"),
    home: Path | None = HomeOpt,
    db: str | None = DbOpt,
) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    from usermind.serve.keys import KeyStore

    try:
        with _db(home, db) as database:
            revoked = KeyStore(database).revoke(key_id)
    except UsermindError as exc:
        _fail(exc)
    if not revoked:
        typer.echo(f"error: no active key {key_id!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


def _db(home: Path | None, url: str | None):
    from contextlib import closing

    from usermind.config import resolve_home
    from usermind.settings import load_settings
    from usermind.storage.open import open_database

    folder = resolve_home(home)
    return closing(open_database(folder, url or load_settings(home=folder).settings.database.url))


def mcp(
    user: str = typer.Option(..., "--user", "-u", help="the user whose memory the tools use"),
    tenant: str | None = typer.Option(None, "--tenant", "-t", help="the user's tenant (as in the HTTP API)"),
    transport: str = typer.Option("stdio", help="stdio or http (streamable HTTP at /mcp)"),
    host: str = typer.Option("127.0.0.1", help="http: address to bind (loopback only)"),
    port: int = typer.Option(8765, help="http: TCP port"),
    home: Path | None = HomeOpt,
    model: str | None = ModelOpt,
    db: str | None = DbOpt,
) -> None:
    """An MCP server with remember / recall / forget / profile tools for one user."""
    from usermind.serve.mcp_server import run_mcp

    try:
        run_mcp(
            user=user,
            tenant=tenant,
            transport=transport,
            host=host,
            port=port,
            home=home,
            model=model,
            database=db,
        )
    except UsermindError as exc:
        _fail(exc)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("mcp")(mcp)
    app.add_typer(keys_app, name="keys")
