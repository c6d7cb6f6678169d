"""Idempotency-Key on POST: a retried request gets the first answer instead of a duplicate.

The key is reserved in its own short transaction before the request runs, so two concurrent
retries cannot both create; the answer is stored once the request has committed. Keys are
scoped to the caller's credential, so one caller can never replay another's answer. A
reservation is a lease: if the process running the request dies, nothing releases the key,
and a retry of the same request takes it over once the lease has run out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.api.deps import get_caller
from services.api.problems import problem
from services.core.common.errors import Conflict
from services.core.common.security import token_digest
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.idempotency import repository as repo

HEADER = "idempotency-key"
REPLAYED_HEADERS = ("content-type", "location", "etag")
MAX_KEY_LENGTH = 255
WITHHELD = "drumbeat-withheld"


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
    owner = uuid.uuid4().hex
    now = utcnow()
    until = now + dt.timedelta(seconds=settings.idempotency_lease_seconds)
    async with unit_of_work(sessionmaker) as session:
        await repo.purge_older_than(
            session, now - dt.timedelta(hours=settings.idempotency_ttl_hours)
        )
        reserved = await repo.reserve(
            session, scope, key, fingerprint, owner=owner, until=until
        ) or await repo.take_over(
            session, scope, key, fingerprint, owner=owner, now=now, until=until
        )
        record = None if reserved else await repo.find(session, scope, key)
    if record is not None:
        if record.fingerprint != fingerprint:
            return problem(
                422, "This Idempotency-Key was used with a different request; use a new key."
            )
        if record.state != "done" or record.status_code is None:
            return problem(409, "A request with this Idempotency-Key is still being processed.")
        if (record.headers or {}).get(WITHHELD):
            return problem(
                409,
                "The first answer to this request carried a secret that is shown only once, so "
                "it cannot be repeated; list the resource to find what was created.",
            )
        headers = dict(record.headers or {})
        headers["idempotent-replayed"] = "true"
        return Response(record.body or b"", status_code=record.status_code, headers=headers)

    # Runs once the request's own transaction has ended, whichever way: a key whose request
    # failed (or whose commit did) is released, so the caller may fix the cause and retry.
    request.scope["fastapi_inner_astack"].push_async_callback(
        _release_if_pending, sessionmaker, scope, key, owner
    )
    response = await handler(request)
    request_session = getattr(request.state, "db_session", None)
    if 200 <= response.status_code < 300 and request_session is not None:
        headers = {h: response.headers[h] for h in REPLAYED_HEADERS if h in response.headers}
        body = bytes(response.body)
        if response.headers.get("cache-control") == "no-store":
            # A secret shown once must not wait in this table to be shown again.
            headers, body = {WITHHELD: "true"}, b""
        # Stored in the request's own transaction: the answer is kept exactly when the change is.
        stored = await repo.complete(
            request_session, scope, key, owner, response.status_code, headers, body
        )
        if not stored:
            # This request outlived its lease and a retry took the key over: one of the two
            # may make the change, and the retry already runs, so this one is rolled back.
            raise Conflict(
                "A retry with this Idempotency-Key took over while this request ran; "
                "its answer is the one that counts."
            )
    return response


async def _release_if_pending(
    sessionmaker: async_sessionmaker[AsyncSession], scope: str, key: str, owner: str
) -> None:
    async with unit_of_work(sessionmaker) as session:
        await repo.release(session, scope, key, owner)


def _declare_key(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="Any unique string (a UUID will do). A retry with the same key and "
            "the same request gets the first answer again (with `Idempotent-Replayed: true`) "
            "instead of doing the work twice; the same key with another request is a 422, "
            "and while the first is still running a 409. Keys belong to your credential and "
            "are kept for 24 hours.",
        ),
    ] = None,
) -> None:
    """Puts the header in the OpenAPI document; _run_once has acted on it before this runs."""


def _identifies_caller(dependant: Dependant) -> bool:
    return any(d.call is get_caller or _identifies_caller(d) for d in dependant.dependencies)


class IdempotentRoute(APIRoute):
    """A route whose POST honours Idempotency-Key: one that knows its caller, since keys are
    scoped to the caller's credential (so not sign-in, which has none yet)."""

    honours_idempotency_key = False

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "POST" in (kwargs.get("methods") or ()) and _identifies_caller(
            get_dependant(path=path, call=endpoint)
        ):
            self.honours_idempotency_key = True
            kwargs["dependencies"] = [*(kwargs.get("dependencies") or ()), Depends(_declare_key)]
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        if not self.honours_idempotency_key:
            return handler

        async def route(request: Request) -> Response:
            return await _run_once(request, handler)

        return route
