"""The FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from services.api import docs, openapi, problems
from services.api.middleware import (
    BodyLimitMiddleware,
    CompressionMiddleware,
    HeadMiddleware,
    RequestContextMiddleware,
    ResponseHeadersMiddleware,
    UnexpectedErrorMiddleware,
)
from services.api.routers import (
    account,
    activities,
    auth,
    email_actions,
    exchange,
    findings,
    followups,
    insights,
    invitations,
    networks,
    organisations,
    partners,
    reflections,
    series,
    sso,
    webhooks,
)
from services.api.spa import mount_spa
from services.core.apikeys import service as apikeys
from services.core.common.security import Passwords
from services.core.db.engine import create_engine, create_sessionmaker
from services.core.db.types import utcnow
from services.core.observability import metrics, queues, tracing
from services.core.settings import Settings, get_settings

DESCRIPTION = """
Drumbeat keeps the beat of capacity strengthening in influencing networks.

**Authentication.** Browsers sign in with `POST /api/v1/auth/login`, which sets an HttpOnly
session cookie and returns a `csrf_token`; every unsafe request (POST, PATCH, DELETE) must
carry it as `X-CSRF-Token`. In these docs: call *login*, then press **Authorize** and paste the
token into `csrf`.

**Conventions.** JSON in snake_case, UUID ids, RFC 3339 UTC date-times. Lists take `limit`
(1 to 200) and an opaque `cursor`, and answer `{"items": [...], "next_cursor": ...}`. Errors are
`application/problem+json`. `PATCH` honours `If-Match` (a list of strong ETags, or `*`; stale
→ 412; without it, concurrent changes apply one after another); `POST` honours
`Idempotency-Key`. `HEAD` works wherever `GET` does. An object of a network you are not in
answers 404, like a missing one.
"""


def _operation_id(route: APIRoute) -> str:
    # Stable ids that generated clients keep across releases: the route's explicit
    # operation_id, else its function name.
    return route.operation_id or route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What is alive once the app is built (modules, routes, schemas, SQLAlchemy's
        # metadata) lives as long as the process: keep the garbage collector from scanning
        # it again and again. That was about 0.25 ms of a 5 ms GET (bench/RESULTS.md).
        gc.freeze()
        yield
        await app.state.engine.dispose()

    app = FastAPI(
        title="Drumbeat API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        # Served by services/api/docs.py, from Drumbeat itself (no CDN).
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.engine = create_engine(settings)
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.write_sessionmaker = create_sessionmaker(app.state.engine, write=True)
    app.state.passwords = Passwords(settings.password_hash_concurrency)
    app.state.key_limit = apikeys.request_limit(
        app.state.sessionmaker, settings.api_key_requests_per_minute
    )
    tracing.setup(settings, "drumbeat-api", app=app, engine=app.state.engine)

    problems.install(app)
    openapi.install(app)
    docs.install(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(UnexpectedErrorMiddleware)
    # Inside HEAD, so that a HEAD's headers are its GET's, compressed Content-Length included;
    # inside the headers middleware, which adds the security headers either way.
    app.add_middleware(CompressionMiddleware)
    # Outside the error middleware, so that even a failing HEAD sends no body.
    app.add_middleware(HeadMiddleware)
    app.add_middleware(ResponseHeadersMiddleware, hsts=settings.session_cookie_secure)
    # Outermost: every response, errors included, carries the request id and is measured.
    app.add_middleware(RequestContextMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE"],
            allow_headers=["Content-Type", "X-CSRF-Token", "If-Match", "Idempotency-Key"],
            expose_headers=["ETag", "Location"],
        )

    for module in (
        auth,
        account,
        invitations,
        sso,
        networks,
        organisations,
        activities,
        series,
        followups,
        reflections,
        findings,
        webhooks,
        insights,
        exchange,
        partners,
        email_actions,
    ):
        app.include_router(module.api)

    @app.get("/healthz", tags=["operations"], operation_id="healthz")
    async def healthz() -> dict[str, str]:
        """The process is up (checks no dependency)."""
        return {"status": "ok"}

    @app.get(
        "/metrics",
        tags=["operations"],
        operation_id="metrics",
        response_class=PlainTextResponse,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    async def metrics_endpoint() -> Response:
        """Prometheus metrics of this API process, and the queues' depth and lag."""
        await queues.measure(app.state.sessionmaker, utcnow())
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @app.get(
        "/readyz",
        tags=["operations"],
        operation_id="readyz",
        responses={503: {"description": "The database is not reachable."}},
    )
    async def readyz() -> JSONResponse:
        """The database answers."""
        try:
            async with app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    if not mount_spa(app, settings.frontend_dist, settings.session_cookie_name):

        @app.get("/", include_in_schema=False)
        async def root() -> RedirectResponse:
            # Without a built web app, the interactive API docs are the front door.
            return RedirectResponse("/api/docs")

    return app
