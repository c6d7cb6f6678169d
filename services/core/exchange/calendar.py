"""A network's calendar as an iCalendar (RFC 5545) feed, and the secret URLs that open it.

Activities are events with stable UIDs (activity-<id>@drumbeat). Each active series is one
recurring event (series-<id>@drumbeat) keeping its RRULE and time zone; an occurrence that a
recorded activity stands for (the same rule as detection: the activity starts within
tolerance_days of it) is left out of the recurrence with EXDATE, so a calendar shows the
meeting once, as recorded, and a cancelled one as cancelled.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities import repository as activities_repo
from services.core.activities.models import Activity
from services.core.activities.schemas import ActivityQuery
from services.core.common import dates
from services.core.common.authz import Principal, Role
from services.core.common.errors import NotFound
from services.core.common.pagination import paginate
from services.core.common.security import new_token, token_digest
from services.core.db.types import utcnow
from services.core.exchange import ical
from services.core.exchange import repository as repo
from services.core.exchange.export import BATCH
from services.core.exchange.models import CalendarFeed
from services.core.series import repository as series_repo
from services.core.series.models import Series
from services.core.series.recurrence import first_occurrence, occurrences

# Calendars want what is coming and what just happened, not the whole history.
FEED_PAST = dt.timedelta(days=366)
# How far ahead VTIMEZONE spells out offset changes for open-ended series.
ZONE_YEARS_AHEAD = 10
DEFAULT_DURATION = dt.timedelta(hours=1)
STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}
PRODID = "-//Drumbeat//Drumbeat calendar//EN"


async def _network_or_404(session: AsyncSession, network_id: uuid.UUID) -> None:
    if await repo.network(session, network_id) is None:
        raise NotFound("network")


async def issue_feed_token(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> str:
    """A new secret for the caller's feed of this network; any earlier one stops working."""
    principal.require(network_id, Role.viewer, "network")
    await _network_or_404(session, network_id)
    token = new_token()
    feed = await repo.feed_of(session, network_id, principal.require_person())
    if feed is None:
        session.add(
            CalendarFeed(
                network_id=network_id,
                user_id=principal.require_person(),
                token_hash=token_digest(token),
            )
        )
    else:
        feed.token_hash = token_digest(token)
        feed.created_at = utcnow()
    await session.flush()
    return token


async def revoke_feed(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> None:
    principal.require(network_id, Role.viewer, "network")
    feed = await repo.feed_of(session, network_id, principal.require_person())
    if feed is None:
        raise NotFound("calendar feed")
    await session.delete(feed)
    await session.flush()


async def network_of_token(session: AsyncSession, token: str) -> uuid.UUID:
    """The network a feed token opens, while its owner is active and still has a role there;
    anything else looks exactly like a token that never existed."""
    owner = await repo.feed_owner(session, token_digest(token))
    if owner is None or not owner.user_active or (owner.role is None and not owner.user_is_admin):
        raise NotFound("calendar feed")
    return owner.network_id


async def check_readable(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> None:
    principal.require(network_id, Role.viewer, "network")
    await _network_or_404(session, network_id)


def _lines(lines: Iterable[str]) -> str:
    return "".join(ical.fold(line) for line in lines)


async def calendar(
    session: AsyncSession, network_id: uuid.UUID, now: dt.datetime | None = None
) -> AsyncIterator[str]:
    """The feed, component by component: activities are read in keyset batches."""
    now = now or utcnow()
    network = await repo.network(session, network_id)
    if network is None:
        return
    since = now - FEED_PAST
    # A series stored with a dtstart outside the years the API allows (older data) cannot be
    # placed on the UTC timeline near the ends of the calendar: left out, the rest is whole.
    all_series = [
        series
        for series in await series_repo.active_series(session, network_id, by_creation=True)
        if dates.in_range(series.dtstart)
    ]
    recorded: dict[uuid.UUID, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for series_id, starts_at, ends_at in await repo.series_activity_times(
        session, network_id, since
    ):
        recorded[series_id].append((starts_at, ends_at))
    yield _lines(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{ical.escape(network.name)}",
            f"X-WR-TIMEZONE:{network.timezone}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
    )
    first_by_zone: dict[str, dt.datetime] = {}
    for series in all_series:
        start = series.dtstart.replace(tzinfo=zoneinfo.ZoneInfo(series.timezone))
        first_by_zone[series.timezone] = min(first_by_zone.get(series.timezone, start), start)
    horizon = now.replace(year=now.year + ZONE_YEARS_AHEAD, month=1, day=1)
    for zone, first in sorted(first_by_zone.items()):
        yield _lines(ical.vtimezone(zone, first, horizon))
    for series in all_series:
        yield _lines(_series_event(series, recorded[series.id]))
    stmt = activities_repo.listing(network_id, ActivityQuery(starts_from=since))
    cursor: str | None = None
    while True:
        page = await paginate(
            session, stmt, [Activity.starts_at, Activity.id], limit=BATCH, cursor=cursor
        )
        yield "".join(_lines(_activity_event(activity)) for activity in page.items)
        session.expunge_all()
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    yield _lines(["END:VCALENDAR"])


def _stamps(created: dt.datetime, updated: dt.datetime, version: int) -> list[str]:
    return [
        f"DTSTAMP:{ical.utc(updated)}",
        f"CREATED:{ical.utc(created)}",
        f"LAST-MODIFIED:{ical.utc(updated)}",
        f"SEQUENCE:{max(0, version - 1)}",
    ]


def _series_event(series: Series, recorded: list[tuple[dt.datetime, dt.datetime]]) -> Iterator[str]:
    # DTSTART is the first real occurrence: a calendar app shows DTSTART itself as a meeting,
    # so the series' anchor date, when the rule does not match it, would invent one. A series
    # whose rule never occurs has nothing to show.
    first = first_occurrence(series.rrule, series.dtstart, series.timezone, ends_on=series.ends_on)
    if first is None:
        return
    tolerance = dt.timedelta(days=series.tolerance_days)
    # recorded is newest first: the latest meeting's length is the best guess for the next.
    length = recorded[0][1] - recorded[0][0] if recorded else DEFAULT_DURATION
    yield "BEGIN:VEVENT"
    yield f"UID:series-{series.id}@drumbeat"
    yield from _stamps(series.created_at, series.updated_at, series.version)
    yield f"DTSTART;TZID={series.timezone}:{ical.local(first.local)}"
    yield f"DURATION:{ical.duration(length or DEFAULT_DURATION)}"
    yield f"RRULE:{ical.rrule(series.rrule, series.timezone, series.ends_on)}"
    excluded = sorted(_represented(series, [start for start, _ in recorded], tolerance))
    if excluded:
        yield f"EXDATE;TZID={series.timezone}:" + ",".join(ical.local(d) for d in excluded)
    yield f"SUMMARY:{ical.escape(series.title)}"
    if series.description:
        yield f"DESCRIPTION:{ical.escape(series.description)}"
    yield f"CATEGORIES:{series.kind}"
    yield "STATUS:CONFIRMED"
    yield "END:VEVENT"


def _represented(
    series: Series, starts: list[dt.datetime], tolerance: dt.timedelta
) -> set[dt.datetime]:
    """Local times of the occurrences that recorded activities stand for: for each activity,
    the nearest occurrence within tolerance."""
    if not starts:
        return set()
    expected = occurrences(
        series.rrule,
        series.dtstart,
        series.timezone,
        start=min(starts) - tolerance,
        end=max(starts) + tolerance,
        ends_on=series.ends_on,
    )
    chosen = set()
    for start in starts:
        near = [o for o in expected if abs(o.at - start) <= tolerance]
        if near:
            chosen.add(min(near, key=lambda o: abs(o.at - start)).local)
    return chosen


def _activity_event(activity: Activity) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:activity-{activity.id}@drumbeat"
    yield from _stamps(activity.created_at, activity.updated_at, activity.version)
    yield f"DTSTART:{ical.utc(activity.starts_at)}"
    if activity.ends_at > activity.starts_at:
        yield f"DTEND:{ical.utc(activity.ends_at)}"
    yield f"SUMMARY:{ical.escape(activity.title)}"
    if activity.description:
        yield f"DESCRIPTION:{ical.escape(activity.description)}"
    place = ", ".join(part for part in (activity.location, activity.country) if part)
    if place:
        yield f"LOCATION:{ical.escape(place)}"
    yield f"CATEGORIES:{activity.kind}"
    yield f"STATUS:{STATUS[activity.status]}"
    if activity.series_id:
        yield f"RELATED-TO:series-{activity.series_id}@drumbeat"
    yield "END:VEVENT"
