"""The calendar feed means what Drumbeat means: a calendar app that expands the feed's series
(here `recurring-ical-events`, a library Drumbeat did not write) finds exactly the occurrences
Drumbeat itself expects, no more (RFC 5545 counts DTSTART as the first instance, so a
series anchored on a date its rule does not match must not be exported with that DTSTART)
and no fewer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar

from services.core.series.recurrence import first_occurrence
from tests.builders import make_series
from tests.support import API, World

YEARS = 2

# (rule, dtstart, zone, ends_on): anchors that the rule does not match, rules that skip
# months, COUNT (counted from the first real occurrence), DST changes and far zones.
CASES = [
    # The demo webinar: Saturday 16 May 2026, every second Tuesday of the month.
    ("FREQ=MONTHLY;BYDAY=2TU", "2026-05-16T15:00:00", "Africa/Dakar", None),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "2026-03-01T09:30:00", "America/Lima", None),
    ("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-15T18:00:00", "Asia/Amman", None),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=10", "2026-03-21T10:00:00", "Europe/Amsterdam", None),
    ("FREQ=MONTHLY;BYDAY=-1FR", "2026-02-02T08:00:00", "America/New_York", "2027-08-31"),
    ("FREQ=YEARLY;BYMONTH=3,10;BYMONTHDAY=15", "2026-04-01T12:00:00", "Australia/Sydney", None),
    ("FREQ=DAILY;INTERVAL=10", "2026-06-01T07:00:00", "Asia/Kathmandu", None),
]


def feed_occurrences(calendar: Calendar, uid: str, end: dt.datetime) -> list[dt.datetime]:
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    lone = Calendar()
    for zone in calendar.walk("VTIMEZONE"):
        lone.add_component(zone)
    lone.add_component(event)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # well before any of the cases' anchors
    found = recurring_ical_events.of(lone).between(start, end)
    return sorted(e["DTSTART"].dt.astimezone(dt.UTC) for e in found)


async def drumbeat_occurrences(
    client: Any, series_id: str, start: dt.datetime, end: dt.datetime
) -> list[dt.datetime]:
    response = await client.get(
        f"{API}/series/{series_id}/occurrences",
        params={"from": start.isoformat(), "to": end.isoformat()},
    )
    assert response.status_code == 200, response.text
    timeline = response.json()
    assert timeline["truncated"] is False
    return [dt.datetime.fromisoformat(o["at"]) for o in timeline["items"]]


@pytest.mark.parametrize(("rule", "dtstart", "zone", "ends_on"), CASES)
async def test_a_calendar_app_expands_the_feed_to_drumbeats_occurrences(
    world: World, rule: str, dtstart: str, zone: str, ends_on: str | None
) -> None:
    network = world.networks["A"].id
    anchor = dt.datetime.fromisoformat(dtstart).replace(tzinfo=dt.UTC)
    start, end = anchor - dt.timedelta(days=2), anchor.replace(year=anchor.year + YEARS)
    async with world.client("member") as client:
        series = await make_series(
            client, network, rrule=rule, dtstart=dtstart, timezone=zone, ends_on=ends_on
        )
        expected = await drumbeat_occurrences(client, series["id"], start, end)
        response = await client.get(f"{API}/networks/{network}/calendar.ics")
    assert response.status_code == 200, response.text
    found = feed_occurrences(
        Calendar.from_ical(response.content), f"series-{series['id']}@drumbeat", end
    )
    assert expected, "each case has occurrences in its two years"
    assert found == expected


def test_the_first_occurrence_is_the_first_the_rule_matches() -> None:
    # Anchored on Saturday 16 May 2026: the first second Tuesday is 9 June, 15:00 in Dakar.
    first = first_occurrence("FREQ=MONTHLY;BYDAY=2TU", dt.datetime(2026, 5, 16, 15), "Africa/Dakar")
    assert first is not None and first.local == dt.datetime(2026, 6, 9, 15)
    # Ended the Monday after the anchor: no occurrence at all, so nothing to export.
    ended = dt.date(2026, 5, 18)
    never = first_occurrence(
        "FREQ=MONTHLY;BYDAY=2TU", dt.datetime(2026, 5, 16, 15), "Africa/Dakar", ends_on=ended
    )
    assert never is None
