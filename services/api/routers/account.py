"""One's own account: password reset by email, profile, password change and sessions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response

from services.api.deps import CallerDep, PasswordsDep, Session, SettingsDep
from services.api.routers.common import router
from services.core.common.errors import TooManyRequests
from services.core.common.schema import ListParams, Page
from services.core.db.types import utcnow
from services.core.notifications import preferences
from services.core.notifications.schemas import NotificationSettings, NotificationSettingsUpdate
from services.core.ratelimit import service as ratelimit
from services.core.users import account
from services.core.users.schemas import (
    MeUpdate,
    PasswordResetAccepted,
    PasswordResetComplete,
    PasswordResetPreview,
    PasswordResetRequest,
    SessionInfo,
    SessionRead,
)
from services.core.users.service import session_read

api = router("auth")
HOUR = 3600


@api.post("/auth/password-reset", operation_id="request_password_reset", status_code=202)
async def request_password_reset(
    body: PasswordResetRequest, request: Request, session: Session, settings: SettingsDep
) -> PasswordResetAccepted:
    """Email a link to choose a new password (valid one hour, single use).

    The answer is the same whether or not the address has an account. Asking too often for
    one address, or from one client address, is a 429 with Retry-After.
    """
    now = utcnow()
    sessions = request.app.state.sessionmaker
    address = request.client.host if request.client else "unknown"
    # Counted in transactions of their own, before anything else: the count must stay even
    # when this request fails, and the limits hold for parallel requests.
    for scope, limit in (
        (f"reset:address:{address}", settings.password_resets_per_address_per_hour),
        (f"reset:account:{body.email.lower()}", settings.password_resets_per_account_per_hour),
    ):
        window = await ratelimit.hit(sessions, scope, limit=limit, seconds=HOUR, now=now)
        if window.exceeded:
            raise TooManyRequests(
                "Too many password reset requests; try again later.",
                retry_after=window.resets_in,
            )
    await account.request_reset(session, body.email, now)
    return PasswordResetAccepted(detail=account.RESET_ANSWER)


@api.get("/auth/password-reset/{reset_token}", operation_id="get_password_reset")
async def get_password_reset(reset_token: str, session: Session) -> PasswordResetPreview:
    """Which account a reset link is for, while it still works (404 once used or expired)."""
    return await account.preview_reset(session, reset_token, utcnow())


@api.post("/auth/password-reset/{reset_token}", operation_id="reset_password", status_code=204)
async def reset_password(
    reset_token: str, body: PasswordResetComplete, session: Session, passwords: PasswordsDep
) -> Response:
    """Set a new password with an emailed link: every session of the account ends."""
    await account.complete_reset(session, reset_token, body.password, passwords, utcnow())
    return Response(status_code=204)


@api.patch("/auth/me", operation_id="update_me")
async def update_me(
    body: MeUpdate, caller: CallerDep, session: Session, passwords: PasswordsDep
) -> SessionRead:
    """Change your name, language, time zone or password.

    A new password needs `current_password` (a wrong one is a 422 pointing at it) and ends
    your other sessions; this one stays signed in.
    """
    me, current = caller.signed_in()
    user = await account.update_me(session, me, current, body, passwords)
    _, csrf = caller.person()
    return session_read(user, csrf, caller.principal.roles)


@api.get("/auth/me/notifications", operation_id="get_my_notifications")
async def get_my_notifications(caller: CallerDep, session: Session) -> NotificationSettings:
    """How often you get reminder emails from each of your networks."""
    me, _ = caller.person()
    return await preferences.settings_of(session, me)


@api.patch("/auth/me/notifications", operation_id="update_my_notifications")
async def update_my_notifications(
    body: NotificationSettingsUpdate, caller: CallerDep, session: Session
) -> NotificationSettings:
    """Choose, per network: reminder emails as they come, a daily digest at 08:00 in your
    time zone, a weekly one on Mondays at 08:00, or none. Choosing undoes an unsubscribe."""
    me, _ = caller.person()
    return await preferences.update(session, me, body)


@api.get("/auth/sessions", operation_id="list_sessions")
async def list_sessions(
    caller: CallerDep, session: Session, params: Annotated[ListParams, Query()]
) -> Page[SessionInfo]:
    """Your sessions that have not expired, newest first; `current` marks this one."""
    me, current = caller.signed_in()
    return await account.list_sessions(
        session, me.id, current, limit=params.limit, cursor=params.cursor, now=utcnow()
    )


@api.delete("/auth/sessions/{session_id}", operation_id="end_session", status_code=204)
async def end_session(session_id: uuid.UUID, caller: CallerDep, session: Session) -> Response:
    """Sign out one of your sessions (another person's session is a 404)."""
    me, _ = caller.signed_in()
    await account.end_session(session, me, session_id)
    return Response(status_code=204)


@api.delete("/auth/sessions", operation_id="end_other_sessions", status_code=204)
async def end_other_sessions(caller: CallerDep, session: Session) -> Response:
    """Sign out everywhere else: every session of yours except this one ends."""
    me, current = caller.signed_in()
    await account.end_other_sessions(session, me, current)
    return Response(status_code=204)
