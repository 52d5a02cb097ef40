"""ASGI middleware: request ids, access logs and metrics; the request body size limit."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from typing import Any, Awaitable, Callable

from service.logging_config import request_id
from service.metrics import LATENCY, REQUESTS

logger = logging.getLogger("claimscope.access")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _route(scope: Scope) -> str:
    """The matched route's path template (bounded label values: never the raw path)."""
    path = getattr(scope.get("route"), "path", None)
    if path is None:
        return "unmatched"
    # routers included under /v1 report their own path: put the version prefix back
    if scope.get("path", "").startswith("/v1/") and not path.startswith("/v1"):
        return "/v1" + path
    return path


class RequestContextMiddleware:
    """Gives each request an id (X-Request-ID, kept if the client sent one), logs it and counts it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = [500]
        responded = [False]

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                responded[0] = True
                message.setdefault("headers", []).append((b"x-request-id", rid.encode("latin-1")))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # an error no handler took: answer here, where the request id is still known
            logger.exception("unhandled error", extra={"method": scope.get("method"), "path": scope.get("path")})
            if responded[0]:
                raise
            await send_error(send_with_id, 500, "Internal error; the request was not processed.", "internal_error")
        finally:
            seconds = time.perf_counter() - started
            route = _route(scope)
            REQUESTS.labels(scope.get("method", ""), route, str(status[0])).inc()
            LATENCY.labels(route).observe(seconds)
            logger.info("request", extra={"method": scope.get("method"), "path": scope.get("path"),
                                          "status": status[0], "ms": round(1000 * seconds, 1)})
            request_id.reset(token)


# The web page's own inline script and style only; no frames, no other origins (issue 12 probe).
PAGE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_COMMON_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                   (b"referrer-policy", b"no-referrer")]


class SecurityHeadersMiddleware:
    """nosniff, no framing and no referrer on every answer; a content security policy on the web page."""

    def __init__(self, app: Any, page_paths: tuple[str, ...] = ("/",)) -> None:
        self.app = app
        self.page_paths = page_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = scope.get("path") in self.page_paths

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.extend(_COMMON_HEADERS)
                if page:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def send_error(send: Send, status: int, detail: str, code: str, headers: list[tuple[bytes, bytes]] | None = None,
                     close: bool = False) -> None:
    """A JSON error answer in the API's shape, sent before (or instead of) the application."""
    body = json.dumps({"detail": detail, "code": code, "request_id": request_id.get()}).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        head.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": head + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class KeyFirstMiddleware:
    """Checks the API key of a request with a body before a byte of the body is read (issue 12 probe).

    Unauthenticated callers could otherwise make the server buffer up to MAX_BODY_BYTES each.
    Requests to `/v1/` and `/ls/` that carry a body (POST, PUT, PATCH) are answered 401 or 429 at
    once when the key check fails; when it passes, the route's `require_key` reuses the result.
    """

    METHODS = frozenset({"POST", "PUT", "PATCH"})

    def __init__(self, app: Any, asgi_app: Any, prefixes: tuple[str, ...] = ("/v1/", "/ls/")) -> None:
        self.app = app
        self.asgi_app = asgi_app  # the FastAPI application, for its state and settings
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope.get("method") not in self.METHODS
                or not str(scope.get("path", "")).startswith(self.prefixes)):
            await self.app(scope, receive, send)
            return
        from fastapi import HTTPException
        from starlette.concurrency import run_in_threadpool

        from service.api.deps import AUTHENTICATED, authenticate

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        client = scope.get("client")
        address = client[0] if client else "anonymous"
        state = self.asgi_app.state
        try:
            ident = await run_in_threadpool(authenticate, state, state.settings, address,
                                            headers.get("authorization"), headers.get("x-api-key"))
        except HTTPException as err:
            from service.errors import _code

            extra = [(k.lower().encode(), v.encode()) for k, v in (err.headers or {}).items()]
            await send_error(send, err.status_code, err.detail, _code(err.status_code), extra, close=True)
            return
        scope.setdefault("state", {})[AUTHENTICATED] = ident
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Answers 413 to a request body over `max_bytes`, by Content-Length or while it streams.

    The body (at most `max_bytes`) is read before the application runs and handed to it
    unchanged, so a streamed body is refused before any parsing starts.
    """

    def __init__(self, app: Any, max_bytes: int, read_timeout_s: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout_s = read_timeout_s

    async def _too_slow(self, send: Send) -> None:
        await send_error(send, 408, f"The request body did not arrive within {self.read_timeout_s:g} s.",
                         "body_timeout", close=True)

    async def _reject(self, send: Send) -> None:
        await send_error(send, 413, f"The request body is over the limit of {self.max_bytes} bytes.", "body_too_large")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._reject(send)
            return
        messages: list[dict[str, Any]] = []
        seen = 0
        deadline = asyncio.get_running_loop().time() + self.read_timeout_s
        while True:
            try:  # a client that stops sending its body does not hold the request open
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except asyncio.TimeoutError:
                await self._too_slow(send)
                return
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await self._reject(send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> dict[str, Any]:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
