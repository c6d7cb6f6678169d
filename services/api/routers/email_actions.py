"""The pages behind the one-click links of reminder emails (HTML, outside the REST API).

GET shows what the link would do and changes nothing; POST does it. The token in the path
is the credential, so the pages need no sign-in and no CSRF token, and are never cached.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import HTMLResponse

from services.api.deps import Session, SettingsDep
from services.core.common.i18n import Words
from services.core.common.templates import render
from services.core.db.types import utcnow
from services.core.emailactions import service
from services.core.emailactions.pages import Page

api = APIRouter(prefix="/email-actions", include_in_schema=False)
AcceptLanguage = Annotated[str | None, Header()]


def _answer(answered: tuple[Page, Words]) -> HTMLResponse:
    page, words = answered
    return HTMLResponse(
        render("services.core.emailactions", "page.html", page=page, **words.template_globals),
        status_code=page.status_code,
        headers={
            "Cache-Control": "no-store",
            "X-Robots-Tag": "noindex",
            "Content-Language": words.language,
        },
    )


@api.get("/{token}")
async def look(
    token: str, session: Session, settings: SettingsDep, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    now = utcnow()
    return _answer(await service.look(session, token, now, settings.public_url, accept_language))


@api.post("/{token}")
async def act(
    token: str, session: Session, settings: SettingsDep, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    # The button posts an empty form; a mail provider's RFC 8058 one-click unsubscribe posts
    # "List-Unsubscribe=One-Click". Both mean "do it": the body needs no reading.
    now = utcnow()
    return _answer(await service.act(session, token, now, settings.public_url, accept_language))
