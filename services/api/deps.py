"""Request-scoped dependencies: the unit of work and the calling principal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.apikeys import service as apikeys
from services.core.apikeys.models import ApiKey
from services.core.audit.recorder import Actor, set_actor
from services.core.common.authz import Principal
from services.core.common.callercache import callers
from services.core.common.errors import Forbidden, NotAuthenticated, TooManyRequests
from services.core.common.security import Passwords, constant_time_equals, token_digest
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Declared so the OpenAPI document (and its interactive docs) know how to authenticate.
session_cookie = APIKeyCookie(name="drumbeat_session", auto_error=False, scheme_name="session")
csrf_header = APIKeyHeader(name="X-CSRF-Token", auto_error=False, scheme_name="csrf")
bearer_key = HTTPBearer(auto_error=False, scheme_name="api_key", description="A network's API key.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


PasswordsDep = Annotated[Passwords, Depends(get_passwords)]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's one transaction, committed here and nowhere else."""
    state = request.app.state
    factory = state.sessionmaker if request.method in SAFE_METHODS else state.write_sessionmaker
    # write=False: the request's sessionmaker already says whether its connection writes.
    async with unit_of_work(factory, write=False) as session:
        # Published for the idempotency wrapper, which stores the answer in this transaction.
        request.state.db_session = session
        yield session


# scope="function": the commit happens before the response is sent, so a failed commit
# becomes an error response instead of a success the database never kept.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]


def get_session_factory(request: Request) -> async_sessionmaker[AsyncSession]:
    """For streamed responses, which are written after the request's session has closed."""
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return factory


SessionFactory = Annotated[async_sessionmaker[AsyncSession], Depends(get_session_factory)]


@dataclass(frozen=True)
class Caller:
    """A signed-in person (with their CSRF token) or an API key."""

    principal: Principal
    user: User | None = None
    csrf_token: str | None = None
    api_key: ApiKey | None = None
    session_id: uuid.UUID | None = None

    def person(self) -> tuple[User, str]:
        if self.user is None or self.csrf_token is None:
            raise Forbidden("This needs a signed-in person; API keys cannot do it.")
        return self.user, self.csrf_token

    def signed_in(self) -> tuple[User, uuid.UUID]:
        """The person and the browser session this request came with."""
        user, _ = self.person()
        assert self.session_id is not None  # a person is always signed in by a session
        return user, self.session_id


async def _live_key(request: Request, session: AsyncSession, presented: str) -> ApiKey:
    """The key behind a bearer token: remembered for a few seconds (see callercache), else
    read in the request's own read transaction (nothing here takes a write lock) or, for a
    write request, apart from it: its transaction takes the write lock (on SQLite, the
    database's) when it begins, and the key's bookkeeping must not wait for it."""
    now = utcnow()
    digest = token_digest(presented)
    cached: ApiKey | None = callers.get(digest)
    if cached is not None and (cached.expires_at is None or cached.expires_at > now):
        return cached
    generation = callers.generation
    if request.method in SAFE_METHODS:
        api_key = await apikeys.authenticate(session, presented, now)
        # Detached, so that this request's rollback cannot expire what the next one reads.
        session.expunge(api_key)
    else:
        async with unit_of_work(request.app.state.sessionmaker, write=False) as own:
            api_key = await apikeys.authenticate(own, presented, now)
    callers.put(digest, api_key, get_settings(request).caller_cache_seconds, generation=generation)
    return api_key


async def _key_caller(request: Request, session: AsyncSession, presented: str) -> Caller:
    now = utcnow()
    state = request.app.state
    reading = request.method in SAFE_METHODS
    api_key = await _live_key(request, session, presented)
    # Counted in memory and written now and then (see BatchedLimit); a failing request counts.
    # A read never queues for the write lock for this bookkeeping: while another writer holds
    # it (a long import, on SQLite), the count waits in memory and last_used_at for later.
    window = await state.key_limit.hit(f"api-key:{api_key.id}", now, wait=not reading)
    request.state.rate_limit = window
    if window.exceeded:
        raise TooManyRequests(
            "This API key made too many requests; slow down.", retry_after=window.resets_in
        )
    if apikeys.needs_touch(api_key, now):
        await apikeys.touch(state.sessionmaker, api_key, now, wait=not reading)
        api_key.last_used_at = now  # the remembered key too: touched once a minute, not more
    set_actor(session, Actor("api_key", api_key.id, f"API key {api_key.name} ({api_key.prefix})"))
    return Caller(apikeys.principal_for(api_key), api_key=api_key)


async def _signed_in(request: Request, token: str) -> users.Authenticated:
    """The live session behind a cookie: remembered for a few seconds, else read apart from
    the request's transaction."""
    digest = token_digest(token)
    cached: users.Authenticated | None = callers.get(digest)
    if cached is not None and cached.expires_at > utcnow():
        return cached
    generation = callers.generation
    async with unit_of_work(request.app.state.sessionmaker, write=False) as own:
        auth = await users.authenticate_session(own, token)
    callers.put(digest, auth, get_settings(request).caller_cache_seconds, generation=generation)
    return auth


async def get_caller(
    request: Request,
    session: Session,
    cookie: Annotated[str | None, Depends(session_cookie)],
    csrf: Annotated[str | None, Depends(csrf_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_key)],
) -> Caller:
    """The one place where a request's credentials become a principal."""
    if bearer is not None:
        # Bearer keys are not sent by browsers on their own, so they need no CSRF token.
        return await _key_caller(request, session, bearer.credentials)
    settings = get_settings(request)
    token = request.cookies.get(settings.session_cookie_name) or cookie
    if not token:
        raise NotAuthenticated("Sign in first (POST /api/v1/auth/login) or send an API key.")
    auth = await _signed_in(request, token)
    if request.method not in SAFE_METHODS and not (
        csrf and constant_time_equals(csrf, auth.csrf_token)
    ):
        raise Forbidden("Missing or wrong X-CSRF-Token header (see /api/v1/auth/me).")
    now = utcnow()
    if users.needs_touch(auth.last_seen_at, now):
        await users.touch_session(
            request.app.state.sessionmaker,
            auth.session_id,
            now,
            wait=request.method not in SAFE_METHODS,
        )
        callers.replace(token_digest(token), replace(auth, last_seen_at=now))
    set_actor(session, Actor("user", auth.user.id, auth.user.email))
    return Caller(auth.principal, auth.user, auth.csrf_token, session_id=auth.session_id)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_optional_caller(
    request: Request,
    session: Session,
    cookie: Annotated[str | None, Depends(session_cookie)],
    csrf: Annotated[str | None, Depends(csrf_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_key)],
) -> Caller | None:
    """The caller, for a route anyone may call: None without credentials, or with a session
    cookie that no longer works (a stale cookie must not stop a newcomer)."""
    settings = get_settings(request)
    if bearer is None and not (request.cookies.get(settings.session_cookie_name) or cookie):
        return None
    try:
        return await get_caller(request, session, cookie, csrf, bearer)
    except NotAuthenticated:
        if bearer is not None:
            raise
        return None


OptionalCallerDep = Annotated[Caller | None, Depends(get_optional_caller)]


async def get_principal(caller: CallerDep) -> Principal:
    return caller.principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="The ETag you read; a stale one gets 412."),
]
