"""The pages an emailed link answers with: what its button would do, why it cannot act, and
what it did. Building them reads only what ``repository.target`` loaded; acting is service's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.core.common.authz import Principal, Role
from services.core.common.i18n import N_, Words
from services.core.common.text import one_line
from services.core.emailactions.models import EmailActionKind
from services.core.emailactions.repository import Target

SNOOZE = dt.timedelta(days=7)

BUTTONS: dict[EmailActionKind, str] = {
    "mark_done": N_("Mark the follow-up done"),
    "snooze": N_("Snooze a week"),
    "acknowledge": N_("Acknowledge"),
    "unsubscribe": N_("Stop these reminder emails"),
}


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


ROLE_NEEDED = {
    Role.viewer: N_("This needs the viewer role in %(network)s. Nothing was changed."),
    Role.member: N_("This needs the member role in %(network)s. Nothing was changed."),
    Role.coordinator: N_("This needs the coordinator role in %(network)s. Nothing was changed."),
}


def role_missing(words: Words, target: Target, principal: Principal, least: Role) -> Page | None:
    """The refusal for a recipient who no longer holds ``least`` in every network of the link."""
    for network in target.networks:
        role = principal.role_in(network.id)
        if role is None or role < least:
            return Page(
                403,
                words._("You can no longer do this"),
                words._(ROLE_NEEDED[least], network=one_line(network.name)),
            )
    return None


def refusal(words: Words, target: Target, now: dt.datetime, public_url: str) -> Page | None:
    """The page for a link that must not act now (used, expired, its account inactive) or
    has nothing left to do; None when it may go ahead. The GET and the POST ask the same."""
    unusable = _unusable(words, target, now, public_url)
    if unusable is not None:
        return unusable
    nothing = _nothing_to_do(words, target)
    if nothing is not None:
        link = _web_link(words, target, public_url)
        return Page(200, words._("Nothing to do"), nothing, link=link)
    return None


def question(words: Words, target: Target, now: dt.datetime, public_url: str) -> Page:
    """The GET page of a link that may act: what its button would do."""
    title, message = _question(words, target, now)
    button = words._(BUTTONS[target.action.action])
    return Page(200, title, message, button, link=_web_link(words, target, public_url))


def used_meanwhile(words: Words, target: Target, public_url: str) -> Page:
    """A parallel POST used the link first."""
    link = _web_link(words, target, public_url)
    return Page(410, words._("This link has been used"), words._("It works once."), link=link)


def unsubscribed(words: Words, target: Target, public_url: str) -> Page:
    return Page(
        200,
        words._("You will get no more reminder emails"),
        words._(
            "Reminder emails from %(where)s to %(email)s are stopped. To have them again, "
            "or once a day or a week instead, choose on your profile.",
            where=_where(words, target),
            email=target.user.email,
        ),
        link=_web_link(words, target, public_url),
    )


def marked_done(words: Words, target: Target, public_url: str) -> Page:
    assert target.follow_up is not None
    return Page(
        200,
        words._("Done"),
        words._(
            "The follow-up \u201c%(title)s\u201d is recorded as done.",
            title=one_line(target.follow_up.title),
        ),
        link=_web_link(words, target, public_url),
    )


def snoozed(words: Words, target: Target, until: dt.datetime, public_url: str) -> Page:
    return Page(
        200,
        words._("Snoozed for a week"),
        words._(
            "No reminders about %(what)s until %(until)s.",
            what=_subject(words, target),
            until=_day(words, until, target.user.timezone),
        ),
        link=_web_link(words, target, public_url),
    )


def acknowledged(words: Words, target: Target, public_url: str) -> Page:
    return Page(
        200,
        words._("Acknowledged"),
        words._("Reminders about %(what)s have stopped.", what=_subject(words, target)),
        link=_web_link(words, target, public_url),
    )
