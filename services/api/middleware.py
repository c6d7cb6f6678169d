"""ASGI middleware that must see every request before routing."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from abc import ABC, abstractmethod
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware, IdentityResponder
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.api.content_coding import accepts
from services.api.problems import PROBLEM_JSON, unexpected
from services.core.observability import logs, metrics

access = logging.getLogger("drumbeat.access")

# The web app's catch-all route: its template says nothing about the page asked for.
_WEB_APP_TEMPLATE = "/{path:path}"
# A path segment that is a secret (an invitation, reset or email-action token: 32 random
# bytes in base64url) rather than a name or an id; a UUID has hyphens in fixed places.
_SECRET_SEGMENT = re.compile(r"[A-Za-z0-9_-]{32,}")
_UUID_SEGMENT = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def logged_path(template: str, path: str) -> str:
    """What the access log and metrics call a request: its route's template (no ids, no
    tokens), except for the web app's pages, whose path is logged with secrets masked."""
    if template != _WEB_APP_TEMPLATE:
        return template
    segments = [
        "{token}" if _SECRET_SEGMENT.fullmatch(part) and not _UUID_SEGMENT.fullmatch(part) else part
        for part in path.split("/")
    ]
    return "/".join(segments)


class HttpMiddleware(ABC):
    """ASGI middleware for HTTP requests: any other scope (lifespan) passes through as it is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    @abstractmethod
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request."""


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"The request body is larger than {limit} bytes.",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware(HttpMiddleware):
    """Refuse bodies over the limit, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await _send_413(send, self.max_bytes)
                    return
        received = 0
        started = rejected = False

        async def limited_receive() -> Message:
            nonlocal received, rejected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes and not rejected:
                    rejected = True
                    if not started:
                        await _send_413(send, self.max_bytes)
                    # To the app the client has gone: it stops reading and answers nobody.
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not rejected:
                raise


class UnexpectedErrorMiddleware(HttpMiddleware):
    """Answer an unexpected error with a 500 problem, and let the request end there.

    Starlette's own outermost handler answers it too, but then re-raises it for the server to
    log, and uvicorn answers a re-raised error by dropping the connection: the client's next
    request on that keep-alive connection was reset. Inside the headers and request-context
    middleware, so the 500 carries the request id and security headers and is logged like any
    other answer.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = finished = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started and not finished:
                # Half an answer is on the wire: only closing the connection can end it.
                raise
            response = unexpected(exc)
            if not started:
                await response(scope, receive, send)


class HeadMiddleware(HttpMiddleware):
    """HEAD wherever GET: the GET's status and headers, without its body (RFC 9110 §9.3.2).

    FastAPI's routes answer only the methods they declare, so HEAD got 405 everywhere. Serving
    it here as the GET it mirrors covers every route at once and keeps HEAD out of the route
    table and the OpenAPI document.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def bodiless_send(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                # Content-Length stays the GET's, as RFC 9110 allows; only the bytes go.
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        # In place, not a copy: the outer middleware read the route and state from this scope.
        scope["method"] = "GET"
        try:
            await self.app(scope, receive, bodiless_send)
        finally:
            scope["method"] = "HEAD"


# Smaller answers gain less from gzip than its header and the CPU cost.
COMPRESS_MINIMUM_BYTES = 1024


class CompressionMiddleware(GZipMiddleware):
    """gzip for answers of at least ``minimum_size`` bytes that the client takes it for.

    Starlette's default exclusions stand (text/event-stream, archives, images...), and an
    answer that already has a Content-Encoding (the web app's precompressed files) passes
    untouched. Unlike Starlette's own check, ``gzip;q=0`` means no gzip (RFC 9110 §12.5.3).

    Only reads are compressed, and never the session's own answers: those carry the CSRF
    token and writes answer with new secrets (API keys, webhook signing secrets), which a
    compressed length beside attacker-chosen text could leak (BREACH). Reads are where
    compression pays: lists, insights, exports.
    """

    def __init__(self, app: ASGIApp, minimum_size: int = COMPRESS_MINIMUM_BYTES) -> None:
        # Level 6, not Starlette's 9: nearly the same size for JSON at a fraction of the CPU.
        super().__init__(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _compressible(scope):
            await self.app(scope, receive, send)
            return

        async def send_with_one_vary(message: Message) -> None:
            # Starlette appends its Vary: Accept-Encoding to one the answer may have already.
            if message["type"] == "http.response.start":
                _deduplicate_vary(MutableHeaders(scope=message))
            await send(message)

        if not accepts(header(scope, b"accept-encoding"), "gzip"):
            # Still adds Vary: Accept-Encoding to answers that others get compressed.
            identity = IdentityResponder(
                self.app, self.minimum_size, exclude_content_types=self.exclude_content_types
            )
            await identity(scope, receive, send_with_one_vary)
            return
        await super().__call__(scope, receive, send_with_one_vary)


_SESSION_PREFIX = "/api/v1/auth/"


def _compressible(scope: Scope) -> bool:
    return scope["method"] in ("GET", "HEAD") and not str(scope.get("path", "")).startswith(
        _SESSION_PREFIX
    )


def _deduplicate_vary(headers: MutableHeaders) -> None:
    vary = headers.get("vary")
    if vary is None:
        return
    names: dict[str, str] = {}
    for name in (part.strip() for part in vary.split(",")):
        if name:
            names.setdefault(name.lower(), name)
    headers["Vary"] = ", ".join(names.values())


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: Any = value.decode("latin-1")
            return str(decoded)
    return None


API_CSP = "default-src 'none'; frame-ancestors 'none'"
APP_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# The interactive docs: Swagger UI served by Drumbeat itself (services/api/docs.py), started
# by one inline script. Nothing comes from anywhere else.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)

# The pages behind reminder emails' one-click links: one inline style sheet, one form that
# posts back to the same address, nothing else.
EMAIL_ACTIONS_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


class ResponseHeadersMiddleware(HttpMiddleware):
    """Security headers on every response, no-store on credentialed API responses, and the
    caller's rate-limit state where a limit applied."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        super().__init__(app)
        self.hsts = hsts

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        credentialed = any(name in (b"cookie", b"authorization") for name, _ in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if path.startswith("/api/docs"):
                    csp = DOCS_CSP
                elif path.startswith("/api/"):
                    csp = API_CSP
                elif path.startswith("/email-actions/"):
                    csp = EMAIL_ACTIONS_CSP
                else:
                    csp = APP_CSP
                headers.setdefault("Content-Security-Policy", csp)
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if credentialed and path.startswith("/api/"):
                    headers["Cache-Control"] = "no-store"
                window = scope.get("state", {}).get("rate_limit")
                if window is not None:
                    headers["RateLimit-Policy"] = f"{window.limit};w=60"
                    headers["RateLimit"] = (
                        f"limit={window.limit}, remaining={window.remaining}, "
                        f"reset={window.resets_in}"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _request_id(scope: Scope) -> str:
    given = header(scope, b"x-request-id")
    if given and len(given) <= 128 and all(c.isalnum() or c in "-_.:" for c in given):
        return given
    return uuid.uuid4().hex


class RequestContextMiddleware(HttpMiddleware):
    """Request id in and out, one access log line, and the latency histogram per route."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = _request_id(scope)
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics.REQUEST_SECONDS.labels(template, scope["method"], str(status)).observe(elapsed)
            access.info(
                "%s %s %s",
                scope["method"],
                logged_path(template, scope.get("path", "")),
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 2)},
            )
            logs.request_id.reset(token)
