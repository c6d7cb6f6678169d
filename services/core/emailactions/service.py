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
from services.core.common.i18n import N_, Words
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
    "mark_done": N_("Mark the follow-up done"),
    "snooze": N_("Snooze a week"),
    "acknowledge": N_("Acknowledge"),
    "unsubscribe": N_("Stop these reminder emails"),
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


def _day(words: Words, moment: dt.datetime, zone: str) -> str:
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):
        local = moment
    return words.day(local.date())


def not_found(words: Words) -> Page:
    return Page(
        404,
        words._("This link does not work"),
        words._(
            "It may have been cut short when it was copied from the email. Nothing was changed."
        ),
    )


def _subject(words: Words, target: Target) -> str:
    if target.follow_up is not None:
        return words._(
            "the follow-up \u201c%(title)s\u201d", title=one_line(target.follow_up.title)
        )
    return f"\u201c{one_line(target.subject_title)}\u201d"


def _web_link(words: Words, target: Target, public_url: str) -> tuple[str, str]:
    root = public_url.rstrip("/")
    action = target.action
    if target.finding is not None:
        finding = target.finding
        return (
            words._("Open the finding"),
            f"{root}/networks/{finding.network_id}/findings/{finding.id}",
        )
    if target.follow_up is not None:
        follow_up = target.follow_up
        return (
            words._("Open the activity"),
            f"{root}/networks/{follow_up.network_id}/activities/{follow_up.activity_id}",
        )
    if action.action == "unsubscribe":
        return words._("Choose your reminder emails on your profile"), f"{root}/profile"
    return words._("Open Drumbeat"), f"{root}/"


def _where(words: Words, target: Target) -> str:
    names = [one_line(n.name) for n in target.networks]
    return names[0] if len(names) == 1 else words._("your networks")


FOLLOW_UP_STATES = {
    "done": N_("The follow-up is done already."),
    "dropped": N_("The follow-up was dropped."),
}


def _nothing_to_do(words: Words, target: Target) -> str | None:
    """Why the action would change nothing now (the finding was resolved meanwhile, ...)."""
    kind = target.action.action
    if kind == "unsubscribe":
        return None
    if not target.networks:
        return words._("The network this was about no longer exists.")
    if kind == "mark_done":
        if target.follow_up is None:
            return words._("The follow-up was deleted meanwhile.")
        if target.follow_up.status != "planned":
            state = FOLLOW_UP_STATES.get(target.follow_up.status)
            return words._(state) if state else words._("The follow-up is no longer planned.")
        return None
    finding = target.finding
    if finding is None:
        return words._("The finding no longer exists.")
    if finding.status == "resolved":
        return words._(
            "The finding was resolved meanwhile: whatever was missing has been recorded."
        )
    if finding.status == "dismissed":
        return words._("A coordinator dismissed the finding meanwhile.")
    if kind == "acknowledge" and finding.status == "acknowledged":
        return words._("The finding is acknowledged already.")
    return None


def _question(words: Words, target: Target, now: dt.datetime) -> tuple[str, str]:
    kind, what, where = target.action.action, _subject(words, target), _where(words, target)
    if kind == "mark_done":
        return (
            words._("Mark the follow-up done?"),
            words._("This records %(what)s as done today.", what=what),
        )
    if kind == "snooze":
        until = _day(words, now + SNOOZE, target.user.timezone)
        return (
            words._("Snooze this finding for a week?"),
            words._(
                "No reminders about %(what)s in %(where)s until %(until)s; then they start "
                "again if it is still missing.",
                what=what,
                where=where,
                until=until,
            ),
        )
    if kind == "acknowledge":
        return (
            words._("Acknowledge this finding?"),
            words._(
                "This tells the network you have seen that %(what)s needs attention; "
                "reminders about it stop.",
                what=what,
            ),
        )
    return (
        words._("Stop reminder emails from %(where)s?", where=where),
        words._(
            "%(email)s will get no more reminder emails from %(where)s. You can turn them on "
            "again on your profile.",
            email=target.user.email,
            where=where,
        ),
    )


def _unusable(words: Words, target: Target, now: dt.datetime, public_url: str) -> Page | None:
    action = target.action
    link = _web_link(words, target, public_url)
    if action.action != "unsubscribe" and action.used_at is not None:
        used = _day(words, action.used_at, target.user.timezone)
        return Page(
            410,
            words._("This link has been used"),
            words._("It was used on %(day)s; it works once.", day=used),
            link=link,
        )
    if action.expires_at <= now:
        return Page(
            410,
            words._("This link has expired"),
            words._("Links in reminder emails work for 30 days. Nothing was changed."),
            link=link,
        )
    if not target.user.is_active:
        return Page(403, words._("This account is not active"), words._("Nothing was changed."))
    return None


def _principal(target: Target, roles: dict[uuid.UUID, Role]) -> Principal:
    return Principal(user_id=target.user.id, is_admin=target.user.is_admin, roles=roles)


ROLE_NEEDED = {
    Role.viewer: N_("This needs the viewer role in %(network)s. Nothing was changed."),
    Role.member: N_("This needs the member role in %(network)s. Nothing was changed."),
    Role.coordinator: N_("This needs the coordinator role in %(network)s. Nothing was changed."),
}


def _role_missing(words: Words, target: Target, principal: Principal) -> Page | None:
    least = NEEDS[target.action.action]
    for network in target.networks:
        role = principal.role_in(network.id)
        if role is None or role < least:
            return Page(
                403,
                words._("You can no longer do this"),
                words._(ROLE_NEEDED[least], network=one_line(network.name)),
            )
    return None


def _words(target: Target | None, accept_language: str | None) -> Words:
    """The recipient's language; for a link nobody owns, the browser's."""
    if target is not None:
        return Words.for_(target.user.reads)
    return Words.for_(accept_language)


async def _find(
    session: AsyncSession, token: str, accept_language: str | None
) -> tuple[Target | None, Words]:
    target = await repo.target(session, digest(token))
    return target, _words(target, accept_language)


async def look(
    session: AsyncSession,
    token: str,
    now: dt.datetime,
    public_url: str,
    accept_language: str | None = None,
) -> tuple[Page, Words]:
    """The GET page: what the button would do. Reads only."""
    target, words = await _find(session, token, accept_language)
    if target is None:
        return not_found(words), words
    return _look(words, target, now, public_url), words


def _look(words: Words, target: Target, now: dt.datetime, public_url: str) -> Page:
    unusable = _unusable(words, target, now, public_url)
    if unusable is not None:
        return unusable
    link = _web_link(words, target, public_url)
    nothing = _nothing_to_do(words, target)
    if nothing is not None:
        return Page(200, words._("Nothing to do"), nothing, link=link)
    title, message = _question(words, target, now)
    return Page(200, title, message, words._(BUTTONS[target.action.action]), link=link)


async def act(
    session: AsyncSession,
    token: str,
    now: dt.datetime,
    public_url: str,
    accept_language: str | None = None,
) -> tuple[Page, Words]:
    """The POST: does what the link says, once, as its recipient."""
    target, words = await _find(session, token, accept_language)
    if target is None:
        return not_found(words), words
    return await _act(session, words, target, now, public_url), words


async def _act(
    session: AsyncSession, words: Words, target: Target, now: dt.datetime, public_url: str
) -> Page:
    unusable = _unusable(words, target, now, public_url)
    if unusable is not None:
        return unusable
    link = _web_link(words, target, public_url)
    nothing = _nothing_to_do(words, target)
    if nothing is not None:
        return Page(200, words._("Nothing to do"), nothing, link=link)
    principal = _principal(target, await users.roles(session, target.user.id))
    kind = target.action.action
    if kind != "unsubscribe":
        missing = _role_missing(words, target, principal)
        if missing is not None:
            return missing
    # The check and the use are one step: of two parallel POSTs, one acts.
    if not await repo.use(session, target.action.id, now) and kind != "unsubscribe":
        return Page(410, words._("This link has been used"), words._("It works once."), link=link)
    set_actor(session, Actor("user", target.user.id, target.user.email, via=VIA))
    if kind == "unsubscribe":
        networks = [n.id for n in target.networks]
        await preferences.unsubscribe(session, target.user.id, networks)
        return Page(
            200,
            words._("You will get no more reminder emails"),
            words._(
                "Reminder emails from %(where)s to %(email)s are stopped. To have them again, "
                "or once a day or a week instead, choose on your profile.",
                where=_where(words, target),
                email=target.user.email,
            ),
            link=link,
        )
    if kind == "mark_done":
        assert target.follow_up is not None
        await followups.update(
            session, principal, target.follow_up.id, FollowUpUpdate(status="done"), None
        )
        return Page(
            200,
            words._("Done"),
            words._(
                "The follow-up \u201c%(title)s\u201d is recorded as done.",
                title=one_line(target.follow_up.title),
            ),
            link=link,
        )
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
            words._("Snoozed for a week"),
            words._(
                "No reminders about %(what)s until %(until)s.",
                what=_subject(words, target),
                until=_day(words, until, target.user.timezone),
            ),
            link=link,
        )
    await findings.update(
        session, principal, target.finding.id, FindingUpdate(status="acknowledged"), None
    )
    return Page(
        200,
        words._("Acknowledged"),
        words._("Reminders about %(what)s have stopped.", what=_subject(words, target)),
        link=link,
    )
