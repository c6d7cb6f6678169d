"""The reminder digest: one plain email per recipient per pass, saying what is missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from services.core.activities.models import Activity
from services.core.common import dates
from services.core.common.mail import mailbox
from services.core.common.text import one_line
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series


@dataclass(frozen=True)
class Item:
    """One finding, with what the email needs to describe it."""

    finding: Finding
    network: Network
    activity: Activity | None
    follow_up: FollowUp | None
    series: Series | None


# A digest describes this many findings in full; the rest are counted, with a link, so that a
# recipient with hundreds due gets one readable email rather than a wall of text.
LISTED_IN_FULL = 20


def message_id(reminder_ids: list[uuid.UUID], public_url: str) -> str:
    """Derived from the reminders it carries: a resend after a crash has the same id."""
    digest = hashlib.sha256("".join(sorted(str(i) for i in reminder_ids)).encode()).hexdigest()
    host = urlsplit(public_url).hostname or "drumbeat.invalid"
    return f"<reminder-{digest[:40]}@{host}>"


def _day(value: dt.datetime | dt.date, zone: ZoneInfo) -> str:
    if isinstance(value, dt.datetime):
        # Stored instants at the ends of the calendar (older data) may have no local day that
        # datetime can hold; their UTC day is the honest answer.
        value = value.astimezone(zone).date() if dates.in_range(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def describe(item: Item, public_url: str) -> str:
    """The item's sentences, then the link to the finding in the web app."""
    text = _sentences(item, public_url)
    finding = item.finding
    link = f"{public_url.rstrip('/')}/networks/{finding.network_id}/findings/{finding.id}"
    return f"{text}\n  The finding: {link}"


def _sentences(item: Item, public_url: str) -> str:
    finding, network = item.finding, item.network
    zone = ZoneInfo(network.timezone)
    base = f"{public_url.rstrip('/')}/networks/{network.id}"
    if finding.kind == "missing_follow_up" and item.activity is not None:
        activity = item.activity
        return (
            f"- \u201c{one_line(activity.title)}\u201d ({activity.kind.replace('_', ' ')}, held "
            f"{_day(activity.starts_at, zone)}) has no follow-up yet. It ended on "
            f"{_day(activity.ends_at, zone)}; a follow-up was expected within "
            f"{network.follow_up_grace_days} days, by {_day(finding.arose_at, zone)}.\n"
            f"  Record the follow-up: {base}/activities/{activity.id}"
        )
    if finding.kind == "overdue_follow_up" and item.follow_up is not None:
        follow_up = item.follow_up
        of = f" for \u201c{one_line(item.activity.title)}\u201d" if item.activity else ""
        return (
            f"- The follow-up \u201c{one_line(follow_up.title)}\u201d{of} was due on "
            f"{_day(follow_up.due_on, zone)} and is still planned.\n"
            f"  Mark it done or give it a new date: {base}/activities/{follow_up.activity_id}"
        )
    if finding.kind == "series_gap" and item.series is not None and finding.expected_on:
        series = item.series
        return (
            f"- \u201c{one_line(series.title)}\u201d was expected to meet on "
            f"{_day(finding.expected_on, zone)}, but no held meeting is recorded within "
            f"{series.tolerance_days} days of that date.\n"
            f"  Record the meeting or note why it did not happen: {base}/series/{series.id}"
        )
    return f"- A finding of kind {finding.kind} is open."


def compose(
    *,
    to: str,
    to_name: str = "",
    items: list[Item],
    reminder_ids: list[uuid.UUID],
    public_url: str,
    sender: str,
    now: dt.datetime,
) -> EmailMessage:
    # Headers are not folded below the RFC 5322 limit: some mail clients mangle a folded
    # Message-ID, and a stable Message-ID is how receivers recognise a resend.
    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    count = len(items)
    # Names and titles are people's text: rows stored before control characters were refused
    # may hold line breaks, which must neither break the message nor start a header.
    by_network: dict[uuid.UUID, list[Item]] = {}
    for item in items:
        by_network.setdefault(item.network.id, []).append(item)
    networks = sorted(
        by_network.values(), key=lambda its: (one_line(its[0].network.name), its[0].network.id)
    )
    where = (
        one_line(networks[0][0].network.name) if len(networks) == 1 else f"{len(networks)} networks"
    )
    thing = "thing needs" if count == 1 else "things need"
    message["Subject"] = f"Drumbeat: {count} {thing} a follow-up in {where}"
    message["From"] = mailbox(sender)
    message["To"] = Address(display_name=one_line(to_name).strip(), addr_spec=to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(reminder_ids, public_url)
    # Tells mail systems this is automated, so out-of-office replies are not sent back.
    message["Auto-Submitted"] = "auto-generated"
    name = one_line(to_name).strip()
    scope = where if len(networks) == 1 else "your networks"
    lines = [
        f"Hello {name}," if name else "Hello,",
        "",
        f"Drumbeat noticed capacity-strengthening work in {scope} that has not been "
        "followed through yet:",
        "",
    ]
    listed = 0
    for its in networks:
        network = its[0].network
        if len(networks) > 1:
            lines += [f"{one_line(network.name)}:", ""]
        shown = its[: max(0, LISTED_IN_FULL - listed)]
        listed += len(shown)
        lines += [describe(item, public_url) for item in shown]
        if len(shown) < len(its):
            lines.append(
                f"- and {len(its) - len(shown)} more; the network's dashboard lists them all: "
                f"{public_url.rstrip('/')}/networks/{network.id}"
            )
        lines.append("")
    lines += [
        "You receive this because you are responsible for these items or coordinate the "
        "network. Reminders stop as soon as the item is fixed, or when a coordinator "
        "acknowledges or dismisses the finding.",
        "",
        "Drumbeat",
    ]
    message.set_content("\n".join(lines))
    return message
