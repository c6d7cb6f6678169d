"""Follow-up rate and median days to the first follow-up, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.insights.helpers import YEAR_2025, activity, follow_up, insights
from tests.support import World


async def test_follow_up_rate_and_median_overall_and_per_kind(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        # training, ends 2025-03-01: first live follow-up due 03-06 (the 03-11 one is later) -> 5
        a1 = await activity(c, n, "2025-03-01T09:00:00Z", "2025-03-01T16:00:00Z")
        await follow_up(c, a1, "2025-03-11")
        await follow_up(c, a1, "2025-03-06", "done")
        # training, ends 2025-04-10 -> due 04-30 -> 20
        a2 = await activity(c, n, "2025-04-10T08:00:00Z", "2025-04-10T10:00:00Z")
        await follow_up(c, a2, "2025-04-30")
        # workshop ending 23:30 UTC on 05-01: days count from the UTC date 05-01, so 05-04 -> 3;
        # the dropped follow-up due 05-02 does not count
        a3 = await activity(c, n, "2025-05-01T20:00:00Z", "2025-05-01T23:30:00Z", kind="workshop")
        await follow_up(c, a3, "2025-05-04")
        await follow_up(c, a3, "2025-05-02", "dropped")
        # workshop with only a dropped follow-up, and a training with none: both missing, past grace
        a4 = await activity(c, n, "2025-06-01T08:00:00Z", kind="workshop")
        await follow_up(c, a4, "2025-06-05", "dropped")
        await activity(c, n, "2025-07-01T08:00:00Z")
        # not counted: no follow-up expected, only planned, outside the period
        await activity(c, n, "2025-08-01T08:00:00Z", follow_up_expected=False)
        await activity(c, n, "2025-09-01T08:00:00Z", status="planned")
        old = await activity(c, n, "2024-12-31T08:00:00Z")
        await follow_up(c, old, "2025-01-02")

        body = (await insights(c, n, YEAR_2025))["follow_ups"]

    # 5 expected (a1..a5), 3 with a live follow-up; days 5, 20, 3 -> median 5
    assert body["expected"] == 5
    assert body["with_follow_up"] == 3
    assert body["rate"] == pytest.approx(0.6)
    assert body["missing_past_grace"] == 2
    assert body["median_days_to_first_follow_up"] == 5
    by_kind = {k["kind"]: k for k in body["by_kind"]}
    assert list(by_kind) == ["training", "workshop"]
    # training: a1 (5), a2 (20), a5 (none) -> 2/3, median of 5 and 20 is 12.5
    assert by_kind["training"]["expected"] == 3
    assert by_kind["training"]["with_follow_up"] == 2
    assert by_kind["training"]["rate"] == pytest.approx(2 / 3)
    assert by_kind["training"]["median_days_to_first_follow_up"] == 12.5
    assert by_kind["training"]["missing_past_grace"] == 1
    # workshop: a3 (3), a4 (only dropped) -> 1/2, median 3
    assert by_kind["workshop"]["rate"] == 0.5
    assert by_kind["workshop"]["median_days_to_first_follow_up"] == 3
    assert by_kind["workshop"]["missing_past_grace"] == 1


async def test_an_activity_still_within_its_grace_is_expected_but_not_missing(world: World) -> None:
    n = world.networks["A"].id
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    async with world.client("member") as c:
        await activity(c, n, ended.isoformat())
        done = await activity(c, n, "2025-03-01T09:00:00Z")
        # due before the activity's date: a negative number of days
        await follow_up(c, done, "2025-02-27")
        body = (await insights(c, n))["follow_ups"]
    assert body["expected"] == 2
    assert body["with_follow_up"] == 1
    assert body["missing_past_grace"] == 0  # 30 days of grace have not passed
    assert body["median_days_to_first_follow_up"] == -2


async def test_no_expected_activity_gives_null_rate_and_median(world: World) -> None:
    async with world.client("viewer") as c:
        body = (await insights(c, world.networks["A"].id))["follow_ups"]
    assert body == {
        "expected": 0,
        "with_follow_up": 0,
        "rate": None,
        "missing_past_grace": 0,
        "median_days_to_first_follow_up": None,
        "by_kind": [],
    }
