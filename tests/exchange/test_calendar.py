"""The iCalendar feed, parsed back with the icalendar library, and its secret URLs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx
from icalendar import Calendar
from sqlalchemy import delete

from services.core.db.engine import create_sessionmaker
from services.core.networks.models import Membership
from tests.builders import created, make_calendar_feed
from tests.exchange.helpers import activity
from tests.support import API, World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parse(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "\r\n" in response.text and "\n" not in response.text.replace("\r\n", "")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


async def build(world: World) -> dict[str, Any]:
    n = world.networks["A"].id
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=10)
    async with world.client("member") as c:
        series = await created(
            c,
            f"/networks/{n}/series",
            {
                "title": "Monthly webinar; online, for all",
                "rrule": "FREQ=MONTHLY;BYMONTHDAY=10",
                "dtstart": "2026-01-10T10:00:00",
                "timezone": "Europe/Amsterdam",
                "tolerance_days": 3,
                "ends_on": "2027-06-30",
            },
        )
        # Stands for the 10 March occurrence (two days late), and lasts 90 minutes.
        met = await activity(
            c,
            n,
            title="Webinar, March",
            starts_at="2026-03-12T09:00:00Z",
            ends_at="2026-03-12T10:30:00Z",
            series_id=series["id"],
        )
        held = await activity(
            c,
            n,
            title="Visit: Kenya → Malawi, with a title long enough to need folding 🥁🥁🥁🥁🥁🥁",
            description="Line one\nline two; with, punctuation \\ and a backslash",
            location="Lilongwe",
            country="MW",
        )
        cancelled = await activity(
            c,
            n,
            title="Cancelled dialogue",
            status="cancelled",
            starts_at=soon.isoformat(),
            ends_at=(soon + dt.timedelta(hours=2)).isoformat(),
        )
        old = await activity(
            c, n, title="Long ago", starts_at="2024-01-10T08:00:00Z", ends_at="2024-01-10T09:00:00Z"
        )
    return {"series": series, "met": met, "held": held, "cancelled": cancelled, "old": old}


async def test_activities_and_series_as_events(world: World) -> None:
    made = await build(world)
    async with world.client("viewer") as c:
        first = parse(await c.get(f"{API}/networks/{world.networks['A'].id}/calendar.ics"))
        again = parse(await c.get(f"{API}/networks/{world.networks['A'].id}/calendar.ics"))
    found = events(first)
    assert set(found) == set(events(again))  # stable UIDs
    assert first["VERSION"] == "2.0" and "PRODID" in first

    held = found[f"activity-{made['held']['id']}@drumbeat"]
    assert str(held["SUMMARY"]) == made["held"]["title"]
    assert str(held["DESCRIPTION"]) == made["held"]["description"]
    assert str(held["LOCATION"]) == "Lilongwe, MW"
    assert held["DTSTART"].dt == dt.datetime(2026, 1, 10, 8, tzinfo=dt.UTC)
    assert held["DTEND"].dt == dt.datetime(2026, 1, 10, 16, tzinfo=dt.UTC)
    assert str(held["STATUS"]) == "CONFIRMED"
    assert str(found[f"activity-{made['cancelled']['id']}@drumbeat"]["STATUS"]) == "CANCELLED"
    assert f"activity-{made['old']['id']}@drumbeat" not in found  # more than a year ago

    series = found[f"series-{made['series']['id']}@drumbeat"]
    assert str(series["SUMMARY"]) == "Monthly webinar; online, for all"
    start = series["DTSTART"].dt
    assert start == dt.datetime(2026, 1, 10, 10, tzinfo=AMSTERDAM)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    rule = series["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYMONTHDAY"] == [10]
    # ends_on 2027-06-30 includes that whole day in Amsterdam: 21:59:59Z in summer
    assert rule["UNTIL"] == [dt.datetime(2027, 6, 30, 21, 59, 59, tzinfo=dt.UTC)]
    assert series["DURATION"].dt == dt.timedelta(minutes=90)
    # The recorded March meeting stands for the 10 March occurrence, so it is left out.
    excluded = [d.dt for d in series["EXDATE"].dts]
    assert excluded == [dt.datetime(2026, 3, 10, 10, tzinfo=AMSTERDAM)]
    met = found[f"activity-{made['met']['id']}@drumbeat"]
    assert str(met["RELATED-TO"]) == f"series-{made['series']['id']}@drumbeat"


async def test_vtimezone_follows_the_zones_offset_changes(world: World) -> None:
    await build(world)
    async with world.client("viewer") as c:
        calendar = parse(await c.get(f"{API}/networks/{world.networks['A'].id}/calendar.ics"))
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    changes = {
        (sub.name, sub["DTSTART"].dt): (sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td)
        for sub in cast(list[Any], zone.subcomponents)
    }
    hour = dt.timedelta(hours=1)
    # EU rules: last Sunday of March 02:00 CET -> CEST, last Sunday of October 03:00 back.
    assert changes[("DAYLIGHT", dt.datetime(2026, 3, 29, 2))] == (hour, 2 * hour)
    assert changes[("STANDARD", dt.datetime(2026, 10, 25, 3))] == (2 * hour, hour)
    assert changes[("DAYLIGHT", dt.datetime(2030, 3, 31, 2))] == (hour, 2 * hour)


async def feed_url(client: httpx.AsyncClient, network_id: uuid.UUID) -> str:
    url = await make_calendar_feed(client, network_id)
    assert url.startswith(f"http://127.0.0.1:8000{API}/calendar-feeds/") and url.endswith(".ics")
    return url.removeprefix("http://127.0.0.1:8000")


async def test_secret_feed_urls_rotate_and_follow_the_role(world: World) -> None:
    made = await build(world)
    n = world.networks["A"].id
    async with world.client("member") as c:
        first = await feed_url(c, n)
        second = await feed_url(c, n)
    async with world.client() as anonymous:
        assert (await anonymous.get(first)).status_code == 404  # rotated away
        found = events(parse(await anonymous.get(second)))
        assert f"activity-{made['held']['id']}@drumbeat" in found
        assert (await anonymous.get(f"{API}/calendar-feeds/not-a-token.ics")).status_code == 404
        assert (await anonymous.get(f"{API}/networks/{n}/calendar.ics")).status_code == 401

    async with create_sessionmaker(world.engine)() as session, session.begin():
        await session.execute(
            delete(Membership).where(Membership.user_id == world.people["member"].id)
        )
    async with world.client() as anonymous:
        assert (await anonymous.get(second)).status_code == 404  # no role any more


async def test_feeds_are_per_user_and_can_be_revoked(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("viewer") as c:
        viewer_url = await feed_url(c, n)
    async with world.client("coord") as c:
        coord_url = await feed_url(c, n)
        assert (await c.delete(f"{API}/networks/{n}/calendar-feed")).status_code == 204
        assert (await c.delete(f"{API}/networks/{n}/calendar-feed")).status_code == 404
    async with world.client("outsider") as c:
        assert (await c.post(f"{API}/networks/{n}/calendar-feed")).status_code == 404
        assert (await c.get(f"{API}/networks/{n}/calendar.ics")).status_code == 404
    async with world.client() as anonymous:
        assert (await anonymous.get(coord_url)).status_code == 404
        assert (await anonymous.get(viewer_url)).status_code == 200
