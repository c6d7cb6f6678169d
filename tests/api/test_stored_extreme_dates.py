"""Dates at the ends of the calendar already in the database (old data, or written by another
path than the API) must not break the views that read them: every one answers in full."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.findings.detection import run_pass
from services.core.followups.models import FollowUp
from services.core.organisations.models import Organisation
from services.core.series.models import Series
from tests.support import API, World

YEAR_1 = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
YEAR_9999 = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)
# Zones on both sides of UTC: local year 1 in Tokyo is before the first instant datetime
# knows, local 9999-12-31 in New York after the last.
ZONES = ("Asia/Tokyo", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago")


async def _added(session: AsyncSession, row: Any) -> Any:
    """The id of a row, once it is added and flushed."""
    session.add(row)
    await session.flush()
    return row.id


def _series(network_id: Any, title: str, rrule: str, dtstart: dt.datetime, **extra: Any) -> Series:
    return Series(network_id=network_id, title=title, rrule=rrule, dtstart=dtstart, **extra)


def _training(network_id: Any, title: str, status: str, **extra: Any) -> Activity:
    return Activity(
        network_id=network_id,
        title=title,
        kind="training",
        status=status,
        capacity_areas=["operate"],
        **extra,
    )


async def _store_extremes(world: World) -> dict[str, Any]:
    """Straight into the database: the API would refuse every one of these values."""
    network_id = world.networks["A"].id
    made: dict[str, Any] = {"series": [], "activities": [], "follow_ups": []}
    async with create_sessionmaker(world.engine)() as session, session.begin():
        made["normal_series"] = await _added(
            session,
            _series(
                network_id,
                "Monthly webinar",
                "FREQ=MONTHLY;BYMONTHDAY=5",
                dt.datetime(2026, 1, 5, 10, 0),
                timezone="Europe/Amsterdam",
            ),
        )
        # Starting now, but ending at the end of the calendar (an UNTIL or ends_on of 9999).
        made["endless"] = []
        for rrule, ends_on in (
            ("FREQ=WEEKLY;UNTIL=99991231T230000", None),
            ("FREQ=WEEKLY;UNTIL=99991231", None),
            ("FREQ=WEEKLY", dt.date(9999, 12, 31)),
        ):
            endless = _series(
                network_id,
                f"Until the end: {rrule}",
                rrule,
                dt.datetime(2026, 1, 5, 10, 0),
                timezone="Pacific/Pago_Pago",
                ends_on=ends_on,
            )
            made["endless"].append(await _added(session, endless))
        for zone in ZONES:
            for dtstart in (dt.datetime(1, 1, 1, 0, 0), dt.datetime(9999, 12, 31, 23, 0)):
                series = _series(
                    network_id,
                    f"Series from {dtstart.year} in {zone}",
                    "FREQ=WEEKLY",
                    dtstart,
                    timezone=zone,
                    ends_on=dtstart.date() if zone == ZONES[0] else None,
                )
                made["series"].append(await _added(session, series))
        org = Organisation(
            network_id=network_id,
            name="Founded long ago",
            joined_on=dt.date(1, 1, 1),
            left_on=dt.date(9999, 12, 31),
        )
        session.add(org)
        normal = _training(
            network_id,
            "An ordinary training",
            "held",
            starts_at=utcnow() - dt.timedelta(days=30),
            ends_at=utcnow() - dt.timedelta(days=29),
        )
        made["normal_activity"] = await _added(session, normal)
        for status in ("held", "planned"):
            for starts_at, ends_at in (
                (YEAR_1, YEAR_1 + dt.timedelta(hours=2)),
                (YEAR_9999 - dt.timedelta(hours=2), YEAR_9999),
            ):
                activity = _training(
                    network_id,
                    f"{status} in {starts_at.year}",
                    status,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    series_id=made["series"][0],
                )
                made["activities"].append(await _added(session, activity))
        for due_on in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
            follow_up = FollowUp(
                network_id=network_id,
                activity_id=made["normal_activity"],
                title=f"Due {due_on.year}",
                due_on=due_on,
                completed_on=due_on if due_on.year == 1 else None,
                status="done" if due_on.year == 1 else "planned",
            )
            made["follow_ups"].append(await _added(session, follow_up))
    return made


@pytest.fixture
async def extremes(world: World) -> dict[str, Any]:
    return await _store_extremes(world)


async def test_the_calendar_feed_is_complete(world: World, extremes: dict[str, Any]) -> None:
    n = world.networks["A"].id
    async with world.client("viewer") as c:
        response = await c.get(f"{API}/networks/{n}/calendar.ics")
    assert response.status_code == 200
    assert response.text.endswith("END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(response.content)
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert f"series-{extremes['normal_series']}@drumbeat" in uids
    for series_id in extremes["endless"]:
        assert f"series-{series_id}@drumbeat" in uids
    assert f"activity-{extremes['normal_activity']}@drumbeat" in uids
    assert "Europe/Amsterdam" in {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}


async def test_insights_answer_in_bounds(world: World, extremes: dict[str, Any]) -> None:
    n = world.networks["A"].id
    async with world.client("viewer") as c:
        whole = await c.get(f"{API}/networks/{n}/insights")
        edges = await c.get(
            f"{API}/networks/{n}/insights",
            params={"from": "1900-01-01T00:00:00Z", "to": "2200-12-31T23:59:59Z"},
        )
    for response in (whole, edges):
        assert response.status_code == 200, response.text
        assert len(response.content) < 200_000
        quarters = response.json()["capacity_by_quarter"]
        assert [q["activities"] for q in quarters if q["activities"]] == [1]
        assert all(1900 <= int(q["quarter"][:4]) <= 2200 for q in quarters)


async def test_lists_exports_and_details_answer(world: World, extremes: dict[str, Any]) -> None:
    n = world.networks["A"].id
    async with world.client("viewer") as c:
        activities = await c.get(f"{API}/networks/{n}/activities", params={"limit": 200})
        assert activities.status_code == 200, activities.text
        assert len(activities.json()["items"]) == 5
        follow_ups = await c.get(f"{API}/networks/{n}/follow-ups")
        assert follow_ups.status_code == 200, follow_ups.text
        assert len(follow_ups.json()["items"]) == 2
        for export in ("activities.csv", "follow-ups.csv", "findings.csv"):
            response = await c.get(f"{API}/networks/{n}/{export}")
            assert response.status_code == 200, (export, response.text)
        assert len((await c.get(f"{API}/networks/{n}/activities.csv")).text.splitlines()) == 6
        for activity_id in extremes["activities"]:
            response = await c.get(f"{API}/activities/{activity_id}")
            assert response.status_code == 200, response.text
        organisations = await c.get(f"{API}/networks/{n}/organisations")
        assert organisations.status_code == 200, organisations.text


async def test_series_and_their_occurrences_answer(world: World, extremes: dict[str, Any]) -> None:
    n = world.networks["A"].id
    windows = [
        ("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z"),
        ("1900-01-01T00:00:00Z", "1909-12-31T00:00:00Z"),
        ("2191-01-01T00:00:00Z", "2200-12-31T23:59:59Z"),
    ]
    async with world.client("viewer") as c:
        listed = await c.get(f"{API}/networks/{n}/series", params={"limit": 200})
        assert listed.status_code == 200, listed.text
        for series_id in extremes["series"]:
            assert (await c.get(f"{API}/series/{series_id}")).status_code == 200
            for start, end in windows:
                response = await c.get(
                    f"{API}/series/{series_id}/occurrences", params={"from": start, "to": end}
                )
                assert response.status_code == 200, (series_id, start, response.text)


async def test_a_detection_pass_runs_past_them(world: World, extremes: dict[str, Any]) -> None:
    stats = await run_pass(create_sessionmaker(world.engine), utcnow())
    assert stats.networks >= 1
    n = world.networks["A"].id
    async with world.client("coord") as c:
        missing = await c.get(
            f"{API}/networks/{n}/findings", params={"kind": "missing_follow_up", "limit": 200}
        )
        gaps = await c.get(
            f"{API}/networks/{n}/findings", params={"kind": "series_gap", "limit": 200}
        )
    assert missing.status_code == 200, missing.text
    assert gaps.status_code == 200, gaps.text
    # The year-1 held activity has no follow-up: it is found, like any other; so are the
    # weeks a weekly series running since the year 1 went without a meeting.
    assert str(extremes["activities"][0]) in {f["activity_id"] for f in missing.json()["items"]}
    assert {f["series_id"] for f in gaps.json()["items"]} & {str(s) for s in extremes["series"]}
