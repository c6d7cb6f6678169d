"""Links in emails that act without a sign-in, safely.

``issue`` makes a link while an email is written. ``look`` answers its GET: a page that says
what the button will do and changes nothing, because mail security scanners fetch every link.
``act`` answers the POST: it uses the link (once: a second POST, a parallel one, an expired or
unknown link does nothing), checks the recipient's role at that moment, and acts through the
same services as the web app, recorded in the audit log as the recipient's, from a reminder
email. Unsubscribe links are the exception to "once": RFC 8058 senders may repeat the
one-click POST, and muting twice is muting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.audit.recorder import Actor, set_actor
from services.core.common.authz import Principal, Role
from services.core.common.i18n import Words
from services.core.db.types import uuid7
from services.core.emailactions import pages
from services.core.emailactions import repository as repo
from services.core.emailactions.models import EmailAction, EmailActionKind
from services.core.emailactions.pages import SNOOZE, Page
from services.core.emailactions.repository import Target
from services.core.findings import service as findings
from services.core.findings.schemas import FindingUpdate
from services.core.followups import service as followups
from services.core.followups.schemas import FollowUpUpdate
from services.core.notifications import preferences
from services.core.users import service as users

LIFETIME = dt.timedelta(days=30)
VIA = "reminder email"

# The least role each action needs, checked when the link is used.
NEEDS: dict[EmailActionKind, Role] = {
    "mark_done": Role.member,
    "snooze": Role.coordinator,
    "acknowledge": Role.coordinator,
    "unsubscribe": Role.viewer,
}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    session: AsyncSession,
    *,
    action: EmailActionKind,
    user_id: uuid.UUID,
    network_ids: list[uuid.UUID],
    now: dt.datetime,
    public_url: str,
    finding_id: uuid.UUID | None = None,
    follow_up_id: uuid.UUID | None = None,
) -> str:
    """A new link for one recipient and one action; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    session.add(
        EmailAction(
            id=uuid7(),
            token_digest=digest(token),
            action=action,
            user_id=user_id,
            network_id=network_ids[0] if len(network_ids) == 1 else None,
            networks=[str(n) for n in network_ids],
            finding_id=finding_id,
            follow_up_id=follow_up_id,
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    return f"{public_url.rstrip('/')}/email-actions/{token}"


def _principal(target: Target, roles: dict[uuid.UUID, Role]) -> Principal:
    return Principal(user_id=target.user.id, is_admin=target.user.is_admin, roles=roles)


def _words(target: Target | None, accept_language: str | None) -> Words:
    """The recipient's language; for a link nobody owns, the browser's."""
    if target is not None:
        return Words.for_(target.user.reads)
    return Words.for_(accept_language)


# What a usable link answers: the GET's question, or the POST's action.
GoOn = Callable[[AsyncSession, Words, Target, dt.datetime, str], Awaitable[Page]]


async def _answer(
    session: AsyncSession,
    token: str,
    now: dt.datetime,
    public_url: str,
    accept_language: str | None,
    go_on: GoOn,
) -> tuple[Page, Words]:
    """The page for ``token``, in its language: not found, refused (the same checks for the
    GET and the POST), or what ``go_on`` answers for a link that may be used."""
    target = await repo.target(session, digest(token))
    words = _words(target, accept_language)
    if target is None:
        return pages.not_found(words), words
    refused = pages.refusal(words, target, now, public_url)
    if refused is not None:
        return refused, words
    return await go_on(session, words, target, now, public_url), words


async def look(
    session: AsyncSession,
    token: str,
    now: dt.datetime,
    public_url: str,
    accept_language: str | None = None,
) -> tuple[Page, Words]:
    """The GET page: what the button would do. Reads only."""
    return await _answer(session, token, now, public_url, accept_language, _ask)


async def act(
    session: AsyncSession,
    token: str,
    now: dt.datetime,
    public_url: str,
    accept_language: str | None = None,
) -> tuple[Page, Words]:
    """The POST: does what the link says, once, as its recipient."""
    return await _answer(session, token, now, public_url, accept_language, _act)


async def _ask(
    _session: AsyncSession, words: Words, target: Target, now: dt.datetime, public_url: str
) -> Page:
    return pages.question(words, target, now, public_url)


async def _act(
    session: AsyncSession, words: Words, target: Target, now: dt.datetime, public_url: str
) -> Page:
    principal = _principal(target, await users.roles(session, target.user.id))
    kind = target.action.action
    if kind != "unsubscribe":
        missing = pages.role_missing(words, target, principal, NEEDS[kind])
        if missing is not None:
            return missing
    # The check and the use are one step: of two parallel POSTs, one acts.
    if not await repo.use(session, target.action.id, now) and kind != "unsubscribe":
        return pages.used_meanwhile(words, target, public_url)
    set_actor(session, Actor("user", target.user.id, target.user.email, via=VIA))
    if kind == "unsubscribe":
        networks = [n.id for n in target.networks]
        await preferences.unsubscribe(session, target.user.id, networks)
        return pages.unsubscribed(words, target, public_url)
    if kind == "mark_done":
        assert target.follow_up is not None
        await followups.update(
            session, principal, target.follow_up.id, FollowUpUpdate(status="done"), None
        )
        return pages.marked_done(words, target, public_url)
    assert target.finding is not None
    if kind == "snooze":
        until = now + SNOOZE
        await findings.update(
            session,
            principal,
            target.finding.id,
            FindingUpdate(status="acknowledged", snoozed_until=until),
            None,
        )
        return pages.snoozed(words, target, until, public_url)
    await findings.update(
        session, principal, target.finding.id, FindingUpdate(status="acknowledged"), None
    )
    return pages.acknowledged(words, target, public_url)
