"""Request-scoped dependencies: the unit of work and the calling principal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyCookie, APIKeyHeader
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.authz import Principal
from services.core.db.engine import WRITE_OPTION
from services.core.errors import Forbidden, NotAuthenticated
from services.core.security import constant_time_equals
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Declared so the OpenAPI document (and its interactive docs) know how to authenticate.
session_cookie = APIKeyCookie(name="drumbeat_session", auto_error=False, scheme_name="session")
csrf_header = APIKeyHeader(name="X-CSRF-Token", auto_error=False, scheme_name="csrf")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's one transaction, committed here and nowhere else."""
    async with request.app.state.sessionmaker() as session:
        if request.method not in SAFE_METHODS:
            await session.connection(execution_options={WRITE_OPTION: True})
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# scope="function": the commit happens before the response is sent, so a failed commit
# becomes an error response instead of a success the database never kept.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]


@dataclass(frozen=True)
class Caller:
    principal: Principal
    user: User
    csrf_token: str


async def get_caller(
    request: Request,
    session: Session,
    cookie: Annotated[str | None, Depends(session_cookie)],
    csrf: Annotated[str | None, Depends(csrf_header)],
) -> Caller:
    settings = get_settings(request)
    token = request.cookies.get(settings.session_cookie_name) or cookie
    if not token:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/login.")
    auth = await users.authenticate_session(session, token)
    if request.method not in SAFE_METHODS and not (
        csrf and constant_time_equals(csrf, auth.csrf_token)
    ):
        raise Forbidden("Missing or wrong X-CSRF-Token header (see /api/v1/auth/me).")
    request.state.user_id = auth.user.id
    return Caller(auth.principal, auth.user, auth.csrf_token)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_principal(caller: CallerDep) -> Principal:
    return caller.principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="The ETag you read; a stale one gets 412."),
]
IdPath = uuid.UUID
