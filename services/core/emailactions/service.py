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
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.audit.recorder import Actor, set_actor
from services.core.common.authz import Principal, Role
from services.core.common.text import one_line
from services.core.db.types import uuid7
from services.core.emailactions import repository as repo
from services.core.emailactions.models import EmailAction, EmailActionKind
from services.core.emailactions.repository import Target
from services.core.findings import service as findings
from services.core.findings.schemas import FindingUpdate
from services.core.followups import service as followups
from services.core.followups.schemas import FollowUpUpdate
from services.core.notifications import preferences
from services.core.users import service as users

LIFETIME = dt.timedelta(days=30)
SNOOZE = dt.timedelta(days=7)
VIA = "reminder email"

# The least role each action needs, checked when the link is used.
NEEDS: dict[EmailActionKind, Role] = {
    "mark_done": Role.member,
    "snooze": Role.coordinator,
    "acknowledge": Role.coordinator,
    "unsubscribe": Role.viewer,
}
BUTTONS: dict[EmailActionKind, str] = {
    "mark_done": "Mark the follow-up done",
    "snooze": "Snooze a week",
    "acknowledge": "Acknowledge",
    "unsubscribe": "Stop these reminder emails",
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


@dataclass(frozen=True)
class Page:
    """What the emailed link's page says: a title, sentences, at most one button, a way on."""

    status_code: int
    title: str
    message: str
    button: str | None = None
    link: tuple[str, str] | None = None


def _day(moment: dt.datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%B %Y}"


NOT_FOUND = Page(
    404,
    "This link does not work",
    "It may have been cut short when it was copied from the email. Nothing was changed.",
)


def _subject(target: Target) -> str:
    if target.follow_up is not None:
        return f"the follow-up \u201c{one_line(target.follow_up.title)}\u201d"
    return f"\u201c{one_line(target.subject_title)}\u201d"


def _web_link(target: Target, public_url: str) -> tuple[str, str]:
    root = public_url.rstrip("/")
    action = target.action
    if target.finding is not None:
        finding = target.finding
        return "Open the finding", f"{root}/networks/{finding.network_id}/findings/{finding.id}"
    if target.follow_up is not None:
        follow_up = target.follow_up
        return (
            "Open the activity",
            f"{root}/networks/{follow_up.network_id}/activities/{follow_up.activity_id}",
        )
    if action.action == "unsubscribe":
        return "Choose your reminder emails on your profile", f"{root}/profile"
    return "Open Drumbeat", f"{root}/"


def _where(target: Target) -> str:
    names = [one_line(n.name) for n in target.networks]
    return names[0] if len(names) == 1 else "your networks"


def _nothing_to_do(target: Target) -> str | None:
    """Why the action would change nothing now (the finding was resolved meanwhile, ...)."""
    kind = target.action.action
    if kind == "unsubscribe":
        return None
    if not target.networks:
        return "The network this was about no longer exists."
    if kind == "mark_done":
        if target.follow_up is None:
            return "The follow-up was deleted meanwhile."
        if target.follow_up.status != "planned":
            return f"The follow-up is {target.follow_up.status} already."
        return None
    finding = target.finding
    if finding is None:
        return "The finding no longer exists."
    if finding.status == "resolved":
        return "The finding was resolved meanwhile: whatever was missing has been recorded."
    if finding.status == "dismissed":
        return "A coordinator dismissed the finding meanwhile."
    if kind == "acknowledge" and finding.status == "acknowledged":
        return "The finding is acknowledged already."
    return None


def _question(target: Target, now: dt.datetime) -> tuple[str, str]:
    kind, what, where = target.action.action, _subject(target), _where(target)
    if kind == "mark_done":
        return "Mark the follow-up done?", f"This records {what} as done today."
    if kind == "snooze":
        until = _day(now + SNOOZE, target.user.timezone)
        return (
            "Snooze this finding for a week?",
            f"No reminders about {what} in {where} until {until}; then they start again if "
            "it is still missing.",
        )
    if kind == "acknowledge":
        return (
            "Acknowledge this finding?",
            f"This tells the network you have seen that {what} needs attention; reminders "
            "about it stop.",
        )
    return (
        f"Stop reminder emails from {where}?",
        f"{target.user.email} will get no more reminder emails from {where}. You can turn "
        "them on again on your profile.",
    )


def _unusable(target: Target, now: dt.datetime, public_url: str) -> Page | None:
    action = target.action
    link = _web_link(target, public_url)
    if action.action != "unsubscribe" and action.used_at is not None:
        used = _day(action.used_at, target.user.timezone)
        return Page(
            410, "This link has been used", f"It was used on {used}; it works once.", link=link
        )
    if action.expires_at <= now:
        return Page(
            410,
            "This link has expired",
            "Links in reminder emails work for 30 days. Nothing was changed.",
            link=link,
        )
    if not target.user.is_active:
        return Page(403, "This account is not active", "Nothing was changed.")
    return None


def _principal(target: Target, roles: dict[uuid.UUID, Role]) -> Principal:
    return Principal(user_id=target.user.id, is_admin=target.user.is_admin, roles=roles)


def _role_missing(target: Target, principal: Principal) -> Page | None:
    least = NEEDS[target.action.action]
    for network in target.networks:
        role = principal.role_in(network.id)
        if role is None or role < least:
            return Page(
                403,
                "You can no longer do this",
                f"This needs the {least.name} role in {one_line(network.name)}. Nothing was "
                "changed.",
            )
    return None


async def look(session: AsyncSession, token: str, now: dt.datetime, public_url: str) -> Page:
    """The GET page: what the button would do. Reads only."""
    target = await repo.target(session, digest(token))
    if target is None:
        return NOT_FOUND
    unusable = _unusable(target, now, public_url)
    if unusable is not None:
        return unusable
    nothing = _nothing_to_do(target)
    if nothing is not None:
        return Page(200, "Nothing to do", nothing, link=_web_link(target, public_url))
    title, message = _question(target, now)
    return Page(
        200, title, message, BUTTONS[target.action.action], link=_web_link(target, public_url)
    )


async def act(session: AsyncSession, token: str, now: dt.datetime, public_url: str) -> Page:
    """The POST: does what the link says, once, as its recipient."""
    target = await repo.target(session, digest(token))
    if target is None:
        return NOT_FOUND
    unusable = _unusable(target, now, public_url)
    if unusable is not None:
        return unusable
    link = _web_link(target, public_url)
    nothing = _nothing_to_do(target)
    if nothing is not None:
        return Page(200, "Nothing to do", nothing, link=link)
    principal = _principal(target, await users.roles(session, target.user.id))
    kind = target.action.action
    if kind != "unsubscribe":
        missing = _role_missing(target, principal)
        if missing is not None:
            return missing
    # The check and the use are one step: of two parallel POSTs, one acts.
    if not await repo.use(session, target.action.id, now) and kind != "unsubscribe":
        return Page(410, "This link has been used", "It works once.", link=link)
    set_actor(session, Actor("user", target.user.id, target.user.email, via=VIA))
    if kind == "unsubscribe":
        networks = [n.id for n in target.networks]
        await preferences.unsubscribe(session, target.user.id, networks)
        where = _where(target)
        return Page(
            200,
            "You will get no more reminder emails",
            f"Reminder emails from {where} to {target.user.email} are stopped. To have them "
            "again, or once a day or a week instead, choose on your profile.",
            link=link,
        )
    if kind == "mark_done":
        assert target.follow_up is not None
        await followups.update(
            session, principal, target.follow_up.id, FollowUpUpdate(status="done"), None
        )
        done = _subject(target)
        return Page(200, "Done", f"{done[0].upper()}{done[1:]} is recorded as done.", link=link)
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
        return Page(
            200,
            "Snoozed for a week",
            f"No reminders about {_subject(target)} until {_day(until, target.user.timezone)}.",
            link=link,
        )
    await findings.update(
        session, principal, target.finding.id, FindingUpdate(status="acknowledged"), None
    )
    return Page(200, "Acknowledged", f"Reminders about {_subject(target)} have stopped.", link=link)
