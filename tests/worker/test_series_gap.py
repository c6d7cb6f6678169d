"""series_gap: missed occurrences of a recurring meeting, in the series' own time zone."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from tests.builders import make_series
from tests.support import API, World
from tests.worker.helpers import Clock, at, create_activity, iso

SECOND = dt.timedelta(seconds=1)
# The first meeting of create_jakarta_yearly's series: 09:00 in Jakarta (UTC+7).
JAKARTA_FIRST = at("2026-03-10T02:00:00Z")


async def create_series(world: World, **body: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "title": "Weekly coordination call",
        "kind": "network_meeting",
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "dtstart": "2026-03-16T10:00:00",
        "timezone": "Europe/Amsterdam",
        "tolerance_days": 0,
    }
    payload.update(body)
    async with world.client("member") as client:
        return await make_series(client, world.networks["A"].id, **payload)


async def create_jakarta_yearly(world: World) -> dict[str, Any]:
    """A yearly meeting on 10 March at 09:00 in Jakarta (02:00Z), allowed 30 days' lateness."""
    return await create_series(
        world,
        rrule="FREQ=YEARLY",
        dtstart="2026-03-10T09:00:00",
        timezone="Asia/Jakarta",
        tolerance_days=30,
    )


async def hold(world: World, series_id: str, starts_at: dt.datetime) -> None:
    await create_activity(
        world,
        title=f"Call {starts_at:%Y-%m-%d}",
        kind="network_meeting",
        starts_at=iso(starts_at),
        ends_at=iso(starts_at + dt.timedelta(hours=1)),
        series_id=series_id,
        follow_up_expected=False,
    )


def amsterdam_mondays_at_ten(first: dt.date, last: dt.date) -> list[dt.datetime]:
    """The instants a 10:00 Amsterdam meeting happens: 09:00Z in winter, 08:00Z in summer."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Amsterdam")
    days = []
    day = first
    while day <= last:
        days.append(dt.datetime.combine(day, dt.time(10), tzinfo=zone).astimezone(dt.UTC))
        day += dt.timedelta(days=7)
    return days


async def test_weekly_series_across_both_dst_changes(world: World, clock: Clock) -> None:
    series = await create_series(world)
    meetings = amsterdam_mondays_at_ten(dt.date(2026, 3, 16), dt.date(2026, 11, 2))
    assert meetings[0] == at("2026-03-16T09:00:00Z")  # CET
    assert meetings[2] == at("2026-03-30T08:00:00Z")  # CEST, the day after the spring change
    assert meetings[-1] == at("2026-11-02T09:00:00Z")  # CET again
    missed = {at("2026-03-30T08:00:00Z"), at("2026-10-26T09:00:00Z")}
    for meeting in meetings:
        if meeting not in missed:
            await hold(world, series["id"], meeting)

    stats = await clock.detect(at("2026-11-03T00:00:00Z"))
    gaps = await clock.findings(kind="series_gap")
    assert stats.opened == 2
    assert sorted(str(f.expected_on) for f in gaps) == ["2026-03-30", "2026-10-26"]
    assert sorted(f.arose_at for f in gaps) == sorted(missed)


async def test_gap_opens_only_after_the_tolerance_has_passed(world: World, clock: Clock) -> None:
    series = await create_jakarta_yearly(world)
    expected = JAKARTA_FIRST
    deadline = expected + dt.timedelta(days=30)
    assert (await clock.detect(deadline - SECOND)).opened == 0
    assert (await clock.detect(deadline)).opened == 0
    assert (await clock.detect(deadline + SECOND)).opened == 1
    [gap] = await clock.findings(kind="series_gap")
    assert str(gap.series_id) == series["id"]
    assert str(gap.expected_on) == "2026-03-10"


async def test_a_meeting_within_the_tolerance_counts_and_back_filling_resolves(
    world: World, clock: Clock
) -> None:
    series = await create_jakarta_yearly(world)
    expected = JAKARTA_FIRST
    await clock.detect(expected + dt.timedelta(days=31))
    assert len(await clock.findings(kind="series_gap", status="open")) == 1

    # The meeting took place 30 days late: still within the tolerance. Recording it resolves.
    await hold(world, series["id"], expected + dt.timedelta(days=30))
    stats = await clock.detect(expected + dt.timedelta(days=32))
    assert stats.resolved == 1


async def test_a_meeting_outside_the_tolerance_does_not_count(world: World, clock: Clock) -> None:
    series = await create_jakarta_yearly(world)
    expected = JAKARTA_FIRST
    await hold(world, series["id"], expected + dt.timedelta(days=30, seconds=1))
    assert (await clock.detect(expected + dt.timedelta(days=40))).opened == 1


async def test_inactive_or_ended_series_are_not_checked(world: World, clock: Clock) -> None:
    await create_series(world, active=False)
    await create_series(world, title="Ended", ends_on="2026-03-20")
    stats = await clock.detect(at("2026-05-01T00:00:00Z"))
    gaps = await clock.findings(kind="series_gap")
    assert [str(g.expected_on) for g in gaps] == ["2026-03-16"]
    assert stats.opened == 1


async def test_deactivating_a_series_resolves_its_gaps(world: World, clock: Clock) -> None:
    series = await create_jakarta_yearly(world)
    await clock.detect(at("2026-05-01T00:00:00Z"))
    async with world.client("member") as client:
        response = await client.patch(f"{API}/series/{series['id']}", json={"active": False})
    assert response.status_code == 200
    assert (await clock.detect(at("2026-05-01T00:00:01Z"))).resolved == 1


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_timeline_missed_and_open_gaps_agree_on_a_generated_history(
    world: World, clock: Clock, seed: int
) -> None:
    """Random held and skipped occurrences, the held ones off by a jitter inside or outside
    the tolerance: the dates the timeline marks missed are exactly the open gaps' dates."""
    from zoneinfo import ZoneInfo

    rng = random.Random(seed)
    zone = ZoneInfo("Europe/Amsterdam")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    first = (now - dt.timedelta(weeks=14)).astimezone(zone).date()
    tolerance_days = rng.randint(0, 3)
    series = await create_series(
        world, rrule="FREQ=WEEKLY", dtstart=f"{first}T10:00:00", tolerance_days=tolerance_days
    )
    day = first
    while day <= (now - dt.timedelta(days=8)).date():
        expected = dt.datetime.combine(day, dt.time(10), tzinfo=zone).astimezone(dt.UTC)
        if rng.random() < 0.7:  # held, a little or a lot off the expected instant
            jitter = dt.timedelta(hours=rng.randint(-24 * (tolerance_days + 2), 24 * 5))
            await hold(world, series["id"], expected + jitter)
        day += dt.timedelta(days=7)

    await clock.detect(now)
    gaps = await clock.findings(kind="series_gap", status="open")
    async with world.client("member") as client:
        response = await client.get(
            f"{API}/series/{series['id']}/occurrences",
            params={"from": iso(now - dt.timedelta(weeks=15)), "to": iso(now)},
        )
    assert response.status_code == 200, response.text
    missed = {item["local"][:10] for item in response.json()["items"] if item["status"] == "missed"}
    assert missed, "the generated history should miss at least one occurrence"
    assert missed == {str(gap.expected_on) for gap in gaps if str(gap.series_id) == series["id"]}
