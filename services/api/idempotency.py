"""Idempotency-Key on POST: a retried request gets the first answer instead of a duplicate.

The key is reserved in its own short transaction before the request runs, so two concurrent
retries cannot both create; the answer is stored once the request has committed. Keys are
scoped to the caller's credential, so one caller can never replay another's answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from services.api.problems import problem
from services.core.db.types import utcnow
from services.core.idempotency import repository as repo
from services.core.security import token_digest

HEADER = "idempotency-key"
REPLAYED_HEADERS = ("content-type", "location", "etag")
MAX_KEY_LENGTH = 255


def _scope(request: Request) -> str | None:
    credential = request.headers.get("authorization") or request.cookies.get(
        request.app.state.settings.session_cookie_name
    )
    return token_digest(credential) if credential else None


async def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.url.path.encode())
    digest.update(request.url.query.encode())
    digest.update(await request.body())
    return digest.hexdigest()


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


async def _run_once(request: Request, handler: Handler) -> Response:
    key = request.headers.get(HEADER)
    scope = _scope(request)
    if key is None or scope is None:
        return await handler(request)
    if not key or len(key) > MAX_KEY_LENGTH:
        return problem(422, "Idempotency-Key must be 1 to 255 characters.")
    fingerprint = await _fingerprint(request)
    settings = request.app.state.settings
    sessionmaker = request.app.state.sessionmaker
    async with sessionmaker() as session, session.begin():
        ttl = dt.timedelta(hours=settings.idempotency_ttl_hours)
        await repo.purge_older_than(session, utcnow() - ttl)
        reserved = await repo.reserve(session, scope, key, fingerprint)
        record = None if reserved else await repo.find(session, scope, key)
    if record is not None:
        if record.fingerprint != fingerprint:
            return problem(
                422, "This Idempotency-Key was used with a different request; use a new key."
            )
        if record.state != "done" or record.status_code is None:
            return problem(409, "A request with this Idempotency-Key is still being processed.")
        headers = dict(record.headers or {})
        headers["idempotent-replayed"] = "true"
        return Response(record.body or b"", status_code=record.status_code, headers=headers)

    try:
        response = await handler(request)
    except BaseException:
        async with sessionmaker() as session, session.begin():
            await repo.release(session, scope, key)
        raise
    async with sessionmaker() as session, session.begin():
        if 200 <= response.status_code < 300:
            headers = {h: response.headers[h] for h in REPLAYED_HEADERS if h in response.headers}
            await repo.complete(
                session, scope, key, response.status_code, headers, bytes(response.body)
            )
        else:
            # Failures are not remembered: the caller may fix the cause and retry the same key.
            await repo.release(session, scope, key)
    return response


class IdempotentRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        if "POST" not in (self.methods or ()):
            return handler

        async def route(request: Request) -> Response:
            return await _run_once(request, handler)

        return route
