"""The reminder digest: one email per recipient per pass, saying what is missing.

Both parts, plain text and HTML, are rendered from the same ``Digest``, so they say the same
things with the same links. Each item links to its finding in the web app, to the page where
the missing thing is recorded, and to one-click actions (``/email-actions/...``) that act
only when their page's button is pressed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from services.core.activities.models import Activity
from services.core.common import dates
from services.core.common.i18n import N_, Words
from services.core.common.mail import automated_message, greeting, set_rendered_parts
from services.core.common.text import one_line
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series

TEMPLATES = "services.core.reminders"


@dataclass(frozen=True)
class Item:
    """One finding, with what the email needs to describe it."""

    finding: Finding
    network: Network
    activity: Activity | None
    follow_up: FollowUp | None
    series: Series | None


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One item as the email shows it: what is missing, and the links to act on it."""

    summary: str
    todo: Link | None
    finding_url: str
    actions: list[Link]


@dataclass(frozen=True)
class Section:
    network: str
    entries: list[Entry]
    more: int
    findings_url: str


@dataclass(frozen=True)
class Digest:
    subject: str
    greeting: str
    lead: str
    sections: list[Section]
    heading_per_network: bool
    why: str
    unsubscribe: Link
    preferences: Link


@dataclass(frozen=True)
class Links:
    """The one-click links made for one recipient's digest."""

    actions: dict[uuid.UUID, list[Link]] = field(default_factory=dict)
    unsubscribe: str = ""


# A digest describes this many findings in full; the rest are counted, with a link, so that a
# recipient with hundreds due gets one readable email rather than a wall of text.
LISTED_IN_FULL = 20


def message_id(reminder_ids: list[uuid.UUID], public_url: str) -> str:
    """Derived from the reminders it carries: a resend after a crash has the same id."""
    digest = hashlib.sha256("".join(sorted(str(i) for i in reminder_ids)).encode()).hexdigest()
    host = urlsplit(public_url).hostname or "drumbeat.invalid"
    return f"<reminder-{digest[:40]}@{host}>"


def _day(words: Words, value: dt.datetime | dt.date, zone: ZoneInfo) -> str:
    if isinstance(value, dt.datetime):
        # Stored instants at the ends of the calendar (older data) may have no local day that
        # datetime can hold; their UTC day is the honest answer.
        value = value.astimezone(zone).date() if dates.in_range(value) else value.date()
    return words.day(value)


# An activity's kind inside a sentence ("(exchange visit, held 3 October 2026)").
KINDS = {
    "training": N_("training"),
    "workshop": N_("workshop"),
    "webinar": N_("webinar"),
    "exchange_visit": N_("exchange visit"),
    "dialogue": N_("dialogue"),
    "co_creation": N_("co-creation"),
    "network_meeting": N_("network meeting"),
    "mentoring": N_("mentoring"),
    "coaching": N_("coaching"),
    "learning_by_doing": N_("learning by doing"),
    "peer_review": N_("peer review"),
    "conference": N_("conference"),
    "other": N_("activity"),
}


def kind_of(words: Words, kind: str) -> str:
    english = KINDS.get(kind)
    return words._(english) if english else kind.replace("_", " ")


def finding_url(public_url: str, finding: Finding) -> str:
    return f"{public_url.rstrip('/')}/networks/{finding.network_id}/findings/{finding.id}"


def plan_url(public_url: str, network_id: uuid.UUID, activity_id: uuid.UUID) -> str:
    """The activity's page with its follow-up form open."""
    return f"{public_url.rstrip('/')}/networks/{network_id}/activities/{activity_id}?plan=follow-up"


def _summary_and_todo(words: Words, item: Item, public_url: str) -> tuple[str, Link | None]:
    finding, network = item.finding, item.network
    zone = ZoneInfo(network.timezone)
    base = f"{public_url.rstrip('/')}/networks/{network.id}"
    if finding.kind == "missing_follow_up" and item.activity is not None:
        activity = item.activity
        return (
            words.n_(
                "\u201c%(title)s\u201d (%(kind)s, held %(held)s) has no follow-up yet. It "
                "ended on %(ended)s; a follow-up was expected within %(count)s day, by "
                "%(due)s.",
                "\u201c%(title)s\u201d (%(kind)s, held %(held)s) has no follow-up yet. It "
                "ended on %(ended)s; a follow-up was expected within %(count)s days, by "
                "%(due)s.",
                network.follow_up_grace_days,
                title=one_line(activity.title),
                kind=kind_of(words, activity.kind),
                held=_day(words, activity.starts_at, zone),
                ended=_day(words, activity.ends_at, zone),
                due=_day(words, finding.arose_at, zone),
            ),
            Link(words._("Plan a follow-up"), plan_url(public_url, network.id, activity.id)),
        )
    if finding.kind == "overdue_follow_up" and item.follow_up is not None:
        follow_up = item.follow_up
        due = _day(words, follow_up.due_on, zone)
        if item.activity is not None:
            summary = words._(
                "The follow-up \u201c%(title)s\u201d for \u201c%(activity)s\u201d was due on "
                "%(due)s and is still planned.",
                title=one_line(follow_up.title),
                activity=one_line(item.activity.title),
                due=due,
            )
        else:
            summary = words._(
                "The follow-up \u201c%(title)s\u201d was due on %(due)s and is still planned.",
                title=one_line(follow_up.title),
                due=due,
            )
        return summary, Link(
            words._("Mark it done or give it a new date"),
            f"{base}/activities/{follow_up.activity_id}",
        )
    if finding.kind == "series_gap" and item.series is not None and finding.expected_on:
        series = item.series
        return (
            words.n_(
                "\u201c%(title)s\u201d was expected to meet on %(expected)s, but no held "
                "meeting is recorded within %(count)s day of that date.",
                "\u201c%(title)s\u201d was expected to meet on %(expected)s, but no held "
                "meeting is recorded within %(count)s days of that date.",
                series.tolerance_days,
                title=one_line(series.title),
                expected=_day(words, finding.expected_on, zone),
            ),
            Link(words._("Record the meeting"), f"{base}/series/{series.id}"),
        )
    return words._("A finding of kind %(kind)s is open.", kind=finding.kind), None


def entry(words: Words, item: Item, public_url: str, actions: list[Link]) -> Entry:
    summary, todo = _summary_and_todo(words, item, public_url)
    return Entry(summary, todo, finding_url(public_url, item.finding), actions)


def by_network(items: list[Item]) -> list[list[Item]]:
    """The items grouped by network, networks in name order, as the digest lists them."""
    groups: dict[uuid.UUID, list[Item]] = {}
    for item in items:
        groups.setdefault(item.network.id, []).append(item)
    return sorted(
        groups.values(), key=lambda its: (one_line(its[0].network.name), its[0].network.id)
    )


def listed_in_full(items: list[Item]) -> list[Item]:
    """The items the digest describes in full (the others it counts)."""
    return [item for group in by_network(items) for item in group][:LISTED_IN_FULL]


def digest(
    *, to_name: str, items: list[Item], links: Links, public_url: str, words: Words
) -> Digest:
    """What the email says, before it is written out as text and as HTML."""
    networks = by_network(items)
    where = (
        one_line(networks[0][0].network.name)
        if len(networks) == 1
        else words.n_("%(count)s network", "%(count)s networks", len(networks))
    )
    scope = where if len(networks) == 1 else words._("your networks")
    sections, listed = [], 0
    root = public_url.rstrip("/")
    for its in networks:
        network = its[0].network
        shown = its[: max(0, LISTED_IN_FULL - listed)]
        listed += len(shown)
        sections.append(
            Section(
                network=one_line(network.name),
                entries=[
                    entry(words, item, public_url, links.actions.get(item.finding.id, []))
                    for item in shown
                ],
                more=len(its) - len(shown),
                findings_url=f"{root}/networks/{network.id}/findings",
            )
        )
    return Digest(
        subject=words.n_(
            "Drumbeat: %(count)s thing needs a follow-up in %(where)s",
            "Drumbeat: %(count)s things need a follow-up in %(where)s",
            len(items),
            where=where,
        ),
        greeting=greeting(words, to_name),
        lead=words._(
            "Drumbeat noticed capacity-strengthening work in %(scope)s that has not been "
            "followed through yet:",
            scope=scope,
        ),
        sections=sections,
        heading_per_network=len(networks) > 1,
        why=words._(
            "You receive this because you are responsible for these items or coordinate the "
            "network. Reminders stop as soon as the item is fixed, or when a coordinator "
            "acknowledges or dismisses the finding."
        ),
        unsubscribe=Link(
            words._("Stop reminder emails from %(where)s", where=where), links.unsubscribe
        ),
        preferences=Link(words._("Choose how often you get them"), f"{root}/profile"),
    )


def compose(
    *,
    to: str,
    to_name: str = "",
    items: list[Item],
    reminder_ids: list[uuid.UUID],
    public_url: str,
    sender: str,
    now: dt.datetime,
    links: Links | None = None,
    language: str = "en",
) -> EmailMessage:
    links = links or Links()
    words = Words.for_(language)
    said = digest(to_name=to_name, items=items, links=links, public_url=public_url, words=words)
    message = automated_message(
        subject=said.subject,
        sender=sender,
        to=to,
        to_name=to_name,
        now=now,
        message_id=message_id(reminder_ids, public_url),
    )
    if links.unsubscribe:
        # RFC 8058: mail providers offer their own "unsubscribe" button, which POSTs
        # "List-Unsubscribe=One-Click" to this address.
        message["List-Unsubscribe"] = f"<{links.unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    set_rendered_parts(message, words, TEMPLATES, "digest", digest=said)
    return message
