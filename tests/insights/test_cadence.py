"""Series on-cadence rate, worked out by hand and checked against detection's series gaps."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from services.core.db.engine import create_sessionmaker
from services.core.findings.detection import series_conditions
from services.core.networks.models import Network
from tests.builders import make_series
from tests.insights.helpers import activity, insights
from tests.support import World

FIRST_HALF_2025 = {"from": "2025-01-01T00:00:00Z", "to": "2025-07-01T00:00:00Z"}


async def series(c: Any, network_id: uuid.UUID, **body: Any) -> str:
    return str((await make_series(c, network_id, **body))["id"])


async def test_on_cadence_rate_matches_detection(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        # Monthly on the 10th, 10:00 Amsterdam (09:00Z in winter, 08:00Z in summer), 3 days'
        # tolerance: Jan..Jun 2025 are the six expected occurrences of the period.
        monthly = await series(
            c,
            n,
            title="Monthly webinar",
            rrule="FREQ=MONTHLY;BYMONTHDAY=10",
            dtstart="2025-01-10T10:00:00",
            timezone="Europe/Amsterdam",
            tolerance_days=3,
        )
        held = {"series_id": monthly}
        await activity(c, n, "2025-01-10T09:00:00Z", **held)  # on time: held
        await activity(c, n, "2025-02-12T09:00:00Z", **held)  # 2 days late: held
        await activity(c, n, "2025-03-14T09:00:00Z", **held)  # 4 days late: missed
        await activity(c, n, "2025-04-10T08:00:00Z", status="cancelled", **held)  # missed
        await activity(c, n, "2025-05-10T08:00:00Z", status="planned", **held)  # missed
        await activity(c, n, "2025-06-09T08:00:00Z", **held)  # a day early: held
        # Yearly on 1 March since 2024, a week's tolerance: 2025-03-01 is expected, and held.
        yearly = await series(
            c,
            n,
            title="Annual meeting",
            rrule="FREQ=YEARLY",
            dtstart="2024-03-01T09:00:00",
            timezone="UTC",
        )
        await activity(c, n, "2025-03-05T09:00:00Z", series_id=yearly)
        # An inactive series counts for nothing, as in detection.
        await series(
            c,
            n,
            title="Paused",
            rrule="FREQ=WEEKLY",
            dtstart="2025-01-06T09:00:00",
            timezone="UTC",
            active=False,
        )
        body = (await insights(c, n, FIRST_HALF_2025))["cadence"]

    assert body["expected"] == 7
    assert body["held"] == 4
    assert body["rate"] == pytest.approx(4 / 7)
    per_series = {s["title"]: s for s in body["series"]}
    assert set(per_series) == {"Monthly webinar", "Annual meeting"}
    assert per_series["Monthly webinar"] | {"series_id": None} == {
        "series_id": None,
        "title": "Monthly webinar",
        "expected": 6,
        "held": 3,
        "rate": 0.5,
    }
    assert per_series["Annual meeting"]["rate"] == 1.0

    # expected - held is exactly the number of series gaps detection reports in the period.
    async with create_sessionmaker(world.engine)() as session:
        network = await session.get(Network, n)
        assert network is not None
        conditions = await series_conditions(session, network, dt.datetime.now(dt.UTC))
    gaps = sorted(
        str(c.expected_on)
        for c in conditions.values()
        if c.kind == "series_gap"
        and c.expected_on
        and dt.date(2025, 1, 1) <= c.expected_on < dt.date(2025, 7, 1)
    )
    assert gaps == ["2025-03-10", "2025-04-10", "2025-05-10"]


async def test_occurrences_still_within_tolerance_are_not_expected_yet(world: World) -> None:
    n = world.networks["A"].id
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    async with world.client("member") as c:
        await series(
            c,
            n,
            title="Starts now",
            rrule="FREQ=WEEKLY",
            dtstart=start.isoformat(),
            timezone="UTC",
            tolerance_days=7,
        )
        body = (await insights(c, n))["cadence"]
    assert body == {"expected": 0, "held": 0, "rate": None, "series": []}
