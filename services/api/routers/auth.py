from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Annotated

from fastapi import Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from services.api.deps import (
    CallerDep,
    OptionalCallerDep,
    PasswordsDep,
    PrincipalDep,
    Session,
    SettingsDep,
)
from services.api.routers.common import router
from services.core.common.errors import NotAuthenticated
from services.core.common.schema import ListParams, Page
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users import throttle
from services.core.users.models import SessionMethod, User
from services.core.users.schemas import (
    LoginRequest,
    SessionRead,
    SessionState,
    UserCreate,
    UserRead,
    UserUpdate,
)
from services.core.users.service import Authenticated, SignedIn, session_read

api = router("auth")
log = logging.getLogger("drumbeat.auth")


def set_session_cookie(response: Response, settings: Settings, signed: SignedIn) -> None:
    """The HttpOnly session cookie of a new session, for as long as the session lives."""
    max_age = max(0, int((signed.expires_at - utcnow()).total_seconds()))
    response.set_cookie(
        settings.session_cookie_name,
        signed.token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings.session_cookie_secure,
        path="/",
    )


@api.post("/auth/login", operation_id="login")
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: Session,
    settings: SettingsDep,
    passwords: PasswordsDep,
) -> SessionRead:
    """Sign in; sets an HttpOnly session cookie. Send the returned csrf_token as X-CSRF-Token.

    Repeated failures lock the account (and the address) out for a while: 429 with Retry-After.
    """
    sessions = request.app.state.sessionmaker
    address = request.client.host if request.client else "unknown"
    now = utcnow()
    # Counted before the check, so parallel guesses cannot all slip under the limit; each
    # step is a transaction of its own, so neither the count nor the slow check waits for
    # this request's own write transaction.
    await throttle.admit(sessions, settings, body.email, address, now)
    async with unit_of_work(sessions, write=False) as own:
        account = await users.account_of(own, body.email)
    try:
        # Needs no connection: a burst of sign-ins waiting for the hasher holds none.
        user = await users.check_password(account, body.password, passwords)
    except NotAuthenticated:
        log.warning("sign-in failed from %s", address)
        raise
    await throttle.record_success(session, settings, body.email, address, now)
    answer = await sign_in(request, response, session, settings, user, "password")
    log.info("sign-in succeeded for user %s from %s", user.id, address)
    return answer


async def sign_in(
    request: Request,
    response: Response,
    session: AsyncSession,
    settings: Settings,
    user: User,
    method: SessionMethod,
) -> SessionRead:
    """Starts a session for ``user``, sets its cookie, and answers what login answers."""
    signed = await users.start_session(
        session,
        user,
        dt.timedelta(hours=settings.session_ttl_hours),
        user_agent=request.headers.get("user-agent", ""),
        accept_language=request.headers.get("accept-language"),
        method=method,
    )
    set_session_cookie(response, settings, signed)
    auth: Authenticated = await users.authenticate_session(session, signed.token)
    return session_read(signed.user, signed.csrf_token, auth.principal.roles)


@api.get(
    "/auth/session",
    operation_id="get_session_state",
    # Credentials are optional here: without them the answer is a 200 with session null.
    openapi_extra={"security": [{}, {"session": []}, {"api_key": []}]},
)
async def session_state(caller: OptionalCallerDep) -> SessionState:
    """Whether this browser is signed in, answered without an error either way: the web app's
    first request, so that a signed-out visit logs no failed request."""
    if caller is None or caller.user is None or caller.csrf_token is None:
        return SessionState(session=None)
    return SessionState(
        session=session_read(caller.user, caller.csrf_token, caller.principal.roles)
    )


@api.get("/auth/me", operation_id="get_me")
async def me(caller: CallerDep) -> SessionRead:
    """The signed-in user, their roles, and the CSRF token for unsafe requests."""
    user, csrf = caller.person()
    return session_read(user, csrf, caller.principal.roles)


@api.post("/auth/logout", operation_id="logout", status_code=204)
async def logout(
    request: Request, caller: CallerDep, session: Session, settings: SettingsDep
) -> Response:
    """End the session and clear the cookie."""
    # An API key has no session to end; a 204 would tell its holder something happened.
    caller.person()
    token = request.cookies.get(settings.session_cookie_name, "")
    await users.sign_out(session, token)
    response = Response(status_code=204)
    response.delete_cookie(settings.session_cookie_name, path="/")
    return response


@api.get("/users", operation_id="list_users")
async def list_users(
    principal: PrincipalDep, session: Session, params: Annotated[ListParams, Query()]
) -> Page[UserRead]:
    """All users (site admins only)."""
    principal.require_admin()
    return await users.list_users(session, limit=params.limit, cursor=params.cursor)


@api.post("/users", operation_id="create_user", status_code=201)
async def create_user(
    body: UserCreate, principal: PrincipalDep, session: Session, passwords: PasswordsDep
) -> UserRead:
    """Create a user (site admins only)."""
    principal.require_admin()
    return await users.add_user(session, body, passwords)


@api.patch("/users/{user_id}", operation_id="update_user")
async def update_user(
    user_id: uuid.UUID,
    body: UserUpdate,
    principal: PrincipalDep,
    session: Session,
    passwords: PasswordsDep,
) -> UserRead:
    """Change a user's name, password, admin flag or active flag (site admins only).

    A new password or deactivation signs the user out everywhere and revokes their calendar
    feed URLs, for good: reactivating them does not bring the old ones back. Taking the admin
    flag or the active flag from the last active site admin is a 409.
    """
    principal.require_admin()
    return await users.update_user(session, user_id, body, passwords)
