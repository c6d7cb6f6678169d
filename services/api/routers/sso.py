"""Single sign-on with an OpenID Connect provider: the button, the start and the callback."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import RedirectResponse

from services.api.deps import SettingsDep
from services.api.routers.auth import set_session_cookie
from services.api.routers.common import router
from services.core.common.errors import NotFound
from services.core.common.schema import ResponseModel
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.sso import config, flow
from services.core.users import service as users

api = router("auth")
log = logging.getLogger("drumbeat.sso")


class SsoInfo(ResponseModel):
    enabled: bool
    name: str | None
    start_url: str | None


@api.get("/auth/sso", operation_id="get_sso")
async def sso_info(settings: SettingsDep) -> SsoInfo:
    """Whether the sign-in page offers single sign-on, and what its button says."""
    if not config.enabled(settings):
        return SsoInfo(enabled=False, name=None, start_url=None)
    return SsoInfo(enabled=True, name=config.display_name(settings), start_url=config.START_PATH)


def _failed(code: str) -> RedirectResponse:
    return RedirectResponse("/login?" + urlencode({"sso_error": code}), status_code=302)


@api.get(
    "/auth/sso/start",
    operation_id="start_sso",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: {"description": "To the provider's sign-in page."}},
)
async def sso_start(
    request: Request,
    settings: SettingsDep,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> RedirectResponse:
    """Send the browser to the provider; it comes back to the callback, then to `next`."""
    if not config.enabled(settings):
        raise NotFound("single sign-on")
    try:
        # The provider's discovery first, holding no database lock; then a short transaction.
        sent = await flow.authorization(settings)
    except flow.SsoError as exc:
        log.warning("SSO start failed (%s): %s", exc.code, exc.reason)
        return _failed(exc.code)
    async with unit_of_work(request.app.state.sessionmaker) as session:
        await flow.remember(session, sent, next, utcnow())
    return RedirectResponse(sent.url, status_code=302)


@api.get(
    "/auth/sso/callback",
    operation_id="sso_callback",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: {"description": "Signed in: to `next`; refused: to /login?sso_error=…"}},
)
async def sso_callback(
    request: Request,
    settings: SettingsDep,
    code: Annotated[str, Query(max_length=4000)] = "",
    state: Annotated[str, Query(max_length=400)] = "",
    error: Annotated[str, Query(max_length=400)] = "",
) -> RedirectResponse:
    """Where the provider sends the browser back. Any failure goes to the sign-in page."""
    if not config.enabled(settings):
        raise NotFound("single sign-on")
    sessions = request.app.state.sessionmaker
    address = request.client.host if request.client else "unknown"
    try:
        # Each step is its own transaction, so no database lock is held while the provider
        # answers; the attempt is used up before the code is exchanged.
        async with unit_of_work(sessions) as session:
            attempt = await flow.take_attempt(session, state, utcnow())
        if error:
            raise flow.SsoError("provider", f"the provider answered error={error!r}")
        if not code:
            raise flow.SsoError("provider", "no code in the callback")
        who = await flow.identify(settings, code, attempt)
        ttl = dt.timedelta(hours=settings.session_ttl_hours)
        async with unit_of_work(sessions) as session:
            user = await flow.account_for(session, settings, who, utcnow())
            signed = await users.start_session(
                session,
                user,
                ttl,
                user_agent=request.headers.get("user-agent", ""),
                accept_language=request.headers.get("accept-language"),
                method="sso",
            )
    except flow.SsoError as exc:
        log.warning("SSO sign-in refused from %s (%s): %s", address, exc.code, exc.reason)
        return _failed(exc.code)
    log.info("SSO sign-in succeeded for user %s from %s", signed.user.id, address)
    response = RedirectResponse(attempt.next_path, status_code=302)
    set_session_cookie(response, settings, signed)
    return response
