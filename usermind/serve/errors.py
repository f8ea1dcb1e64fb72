"""Every failure becomes ``{"error": "<one line>"}`` with a fitting status; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from usermind.errors import ConfigError, DataFileError, ModelError, StorageError, UsermindError

log = logging.getLogger("usermind.serve")


class ApiError(HTTPException):
    """An error the API reports as it is: ``status`` and a one-line ``detail``."""


def one_line(text: object, limit: int = 300) -> str:
    lines = str(text).strip().splitlines()
    return (lines[0] if lines else "error")[:limit]


def status_of(exc: UsermindError) -> int:
    if isinstance(exc, ModelError):
        return 502  # the model failed; what the user sent is stored
    if isinstance(exc, StorageError):
        return 503
    if isinstance(exc, ConfigError | DataFileError):
        return 422
    return 400


def _validation_line(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return one_line(f"invalid JSON: {(first.get('ctx') or {}).get('error', 'cannot parse the body')}")
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return one_line(f"{where}: {first.get('msg', 'invalid')}{more}")


def install_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": one_line(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_line(exc)}, status_code=422)

    async def usermind_error(request: Request, exc: UsermindError) -> JSONResponse:
        return JSONResponse({"error": one_line(exc)}, status_code=status_of(exc))

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal error (logged on the server)"}, status_code=500)

    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid)  # type: ignore[arg-type]
    app.add_exception_handler(UsermindError, usermind_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected)


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413, declared or streamed."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = JSONResponse({"error": self._message()}, status_code=413)
            return await response(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise ApiError(413, self._message())
            return message

        await self.app(scope, limited, send)

    def _message(self) -> str:
        return f"request body over the limit of {self.max_bytes:,} bytes"
