"""Incremental detection finds exactly what the full pass finds.

Generated histories (hypothesis) of a network's activities, follow-ups and series, with
edits, deletes, snoozes, a changed grace period and a clock that moves on, run incremental
passes with no overlap (so only the watermarks decide what is read again). After every pass,
the full pass, the reference, asked at the same instant, would open, resolve and wake up
nothing: the findings recorded are those of a full pass.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from prometheus_client import REGISTRY
from sqlalchemy import select

from services.core.activities.models import Activity
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.findings import detection
from services.core.findings.models import DetectionWatermark, Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series
from tests.support import API, World
from tests.worker.helpers import T0, Clock, create_activity, create_follow_up, patch

START = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
NO_OVERLAP = dt.timedelta(0)
# Weekly on Mondays at 10:00 in each series' zone, from ten weeks before START.
SERIES_START = dt.datetime(2026, 3, 23, 10, 0)

# Mostly in the past, where grace periods and due dates have run out.
day = st.integers(min_value=-40, max_value=10)
step = st.one_of(
    st.tuples(
        st.just("add_activity"),
        st.sampled_from(["planned", "held", "held", "held", "cancelled"]),
        day,
        st.sampled_from([True, True, False]),
        st.none() | st.integers(min_value=0, max_value=3),  # a series, by position
    ),
    st.tuples(
        st.just("edit_activity"),
        st.integers(min_value=0),
        st.sampled_from(["status", "ends", "expects", "series"]),
        day,
    ),
    st.tuples(st.just("delete_activity"), st.integers(min_value=0)),
    st.tuples(
        st.just("add_follow_up"),
        st.integers(min_value=0),
        st.sampled_from(["planned", "done", "dropped"]),
        day,
    ),
    st.tuples(
        st.just("edit_follow_up"),
        st.integers(min_value=0),
        st.sampled_from(["planned", "done", "dropped"]),
        day,
    ),
    st.tuples(st.just("delete_follow_up"), st.integers(min_value=0)),
    st.tuples(
        st.just("add_series"),
        st.sampled_from(["UTC", "Asia/Jakarta", "America/Sao_Paulo"]),
        st.integers(min_value=0, max_value=3),
    ),
    st.tuples(
        st.just("edit_series"),
        st.integers(min_value=0),
        st.sampled_from(["rule", "tolerance", "active", "ends"]),
    ),
    st.tuples(st.just("delete_series"), st.integers(min_value=0)),
    st.tuples(st.just("snooze"), st.integers(min_value=0), st.integers(1, 72)),
    st.tuples(st.just("grace"), st.sampled_from([7, 14, 30])),
    st.tuples(st.just("wait"), st.integers(min_value=0, max_value=6 * 24)),  # hours
)


def pick(rows: list[Any], index: int) -> Any:
    return rows[index % len(rows)] if rows else None


async def apply(clock: Clock, network_id: uuid.UUID, now: dt.datetime, op: tuple[Any, ...]) -> None:
    """One change to the network, through the ORM as the services make it."""
    async with unit_of_work(clock.sessionmaker) as session:
        network = await session.get(Network, network_id)
        assert network is not None

        async def rows(model: Any) -> list[Any]:
            stmt = select(model).where(model.network_id == network_id).order_by(model.id)
            return list((await session.scalars(stmt)).all())

        match op:
            case ("add_activity", status, ends_in, expects, series_at):
                series = pick(await rows(Series), series_at) if series_at is not None else None
                ends = now + dt.timedelta(days=ends_in)
                session.add(
                    Activity(
                        network_id=network_id,
                        title="activity",
                        kind="network_meeting" if series else "workshop",
                        status=status,
                        starts_at=ends - dt.timedelta(hours=2),
                        ends_at=ends,
                        follow_up_expected=expects,
                        series_id=series.id if series else None,
                    )
                )
            case ("edit_activity", index, what, days):
                activity = pick(await rows(Activity), index)
                if activity is None:
                    return
                if what == "status":
                    activity.status = {"planned": "held", "held": "cancelled"}.get(
                        activity.status, "planned"
                    )
                elif what == "ends":
                    shift = dt.timedelta(days=days)
                    activity.starts_at, activity.ends_at = (
                        activity.starts_at + shift,
                        activity.ends_at + shift,
                    )
                elif what == "expects":
                    activity.follow_up_expected = not activity.follow_up_expected
                else:
                    series = pick(await rows(Series), days)
                    moved = None if activity.series_id is not None or series is None else series
                    activity.series_id = moved.id if moved is not None else None
            case ("delete_activity", index):
                activity = pick(await rows(Activity), index)
                if activity is not None:
                    await session.delete(activity)
            case ("add_follow_up", index, status, due_in):
                activity = pick(await rows(Activity), index)
                if activity is not None:
                    session.add(
                        FollowUp(
                            network_id=network_id,
                            activity_id=activity.id,
                            title="follow-up",
                            status=status,
                            due_on=(now + dt.timedelta(days=due_in)).date(),
                            completed_on=now.date() if status == "done" else None,
                        )
                    )
            case ("edit_follow_up", index, status, due_in):
                follow_up = pick(await rows(FollowUp), index)
                if follow_up is not None:
                    follow_up.status = status
                    follow_up.due_on = (now + dt.timedelta(days=due_in)).date()
                    follow_up.completed_on = now.date() if status == "done" else None
            case ("delete_follow_up", index):
                follow_up = pick(await rows(FollowUp), index)
                if follow_up is not None:
                    await session.delete(follow_up)
            case ("add_series", zone, tolerance):
                session.add(
                    Series(
                        network_id=network_id,
                        title="weekly call",
                        rrule="FREQ=WEEKLY;BYDAY=MO",
                        dtstart=SERIES_START,
                        timezone=zone,
                        tolerance_days=tolerance,
                    )
                )
            case ("edit_series", index, what):
                series = pick(await rows(Series), index)
                if series is None:
                    return
                if what == "rule":
                    series.rrule = (
                        "FREQ=WEEKLY;BYDAY=TH"
                        if series.rrule.endswith("MO")
                        else "FREQ=WEEKLY;BYDAY=MO"
                    )
                elif what == "tolerance":
                    series.tolerance_days = (series.tolerance_days + 2) % 5
                elif what == "active":
                    series.active = not series.active
                else:
                    series.ends_on = (
                        None if series.ends_on else (now - dt.timedelta(days=20)).date()
                    )
            case ("delete_series", index):
                series = pick(await rows(Series), index)
                if series is not None:
                    await session.delete(series)
            case ("snooze", index, hours):
                open_ = [f for f in await rows(Finding) if f.status == "open"]
                finding = pick(open_, index)
                if finding is not None:
                    finding.status = "acknowledged"
                    finding.snoozed_until = now + dt.timedelta(hours=hours)
            case ("grace", days):
                network.follow_up_grace_days = days
            case _:
                raise AssertionError(op)


async def full_pass_would_change(
    clock: Clock, network_id: uuid.UUID, now: dt.datetime
) -> list[str]:
    """What the full pass at ``now`` would open, resolve or wake up; nothing is written."""
    async with clock.sessionmaker() as session:
        network = await session.get(Network, network_id)
        assert network is not None
        new, gone = await detection.new_and_gone(session, network, now)
        asleep = await session.scalars(
            select(Finding.condition_key).where(
                Finding.network_id == network_id,
                Finding.status == "acknowledged",
                Finding.snoozed_until <= now,
            )
        )
        changes = [f"open {c.key}" for c in new] + [f"resolve {f.condition_key}" for f in gone]
        return changes + [f"wake {key}" for key in asleep.all()]


async def new_network(clock: Clock) -> uuid.UUID:
    async with unit_of_work(clock.sessionmaker) as session:
        network = Network(
            name="Generated",
            slug=f"gen-{uuid.uuid4().hex[:10]}",
            timezone="America/Sao_Paulo",
            follow_up_grace_days=14,
            reminders_since=utcnow(),
        )
        session.add(network)
        await session.flush()
        return network.id


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=st.lists(step, min_size=3, max_size=16))
# What only time changes: a grace period and a due date that end, a snooze that runs out.
@example(history=[("add_activity", "held", -10, True, None), ("wait", 24 * 5)])
@example(
    history=[
        ("add_activity", "planned", 3, True, None),
        ("add_follow_up", 0, "planned", 1),
        ("wait", 24 * 3),
    ]
)
@example(history=[("add_activity", "held", -30, True, None), ("snooze", 0, 2), ("wait", 3)])
# What no row's updated_at shows: a deleted follow-up (its activity lacks one again), an
# activity deleted from a series and one moved out of it (the series lost a held meeting).
@example(
    history=[
        ("add_activity", "held", -30, True, None),
        ("add_follow_up", 0, "done", -20),
        ("delete_follow_up", 0),
    ]
)
@example(
    history=[
        ("add_series", "UTC", 1),
        ("add_activity", "held", -7, False, 0),
        ("delete_activity", 0),
    ]
)
@example(
    history=[
        ("add_series", "Asia/Jakarta", 1),
        ("add_activity", "held", -7, False, 0),
        ("edit_activity", 0, "series", 0),
    ]
)
async def test_incremental_passes_keep_the_findings_of_a_full_pass(
    clock: Clock, history: list[tuple[Any, ...]]
) -> None:
    network_id = await new_network(clock)
    now = START
    # The first pass is a full one and sets the watermark; every later one is incremental.
    await detection.run_pass(clock.sessionmaker, now, overlap=NO_OVERLAP, reconcile_every=None)
    for op in history:
        if op[0] == "wait":
            now += dt.timedelta(hours=op[1])
        else:
            await apply(clock, network_id, now, op)
        stats = await detection.run_pass(
            clock.sessionmaker, now, overlap=NO_OVERLAP, reconcile_every=None
        )
        assert stats.failed_networks == 0
        assert await full_pass_would_change(clock, network_id, now) == [], op


async def test_a_change_the_incremental_pass_cannot_see_is_found_by_reconciliation(
    clock: Clock,
) -> None:
    network_id = await new_network(clock)
    now = START
    await detection.run_pass(clock.sessionmaker, now, overlap=NO_OVERLAP, reconcile_every=None)
    # A held activity written behind the services' back, dated before the watermark: no
    # incremental pass reads it, and its grace period ended long ago.
    async with unit_of_work(clock.sessionmaker) as session:
        long_ago = now - dt.timedelta(days=60)
        session.add(
            Activity(
                network_id=network_id,
                title="imported",
                kind="workshop",
                status="held",
                starts_at=long_ago - dt.timedelta(hours=2),
                ends_at=long_ago,
                created_at=long_ago,
                updated_at=long_ago,
            )
        )
    later = now + dt.timedelta(hours=1)
    quiet = await detection.run_pass(
        clock.sessionmaker, later, overlap=NO_OVERLAP, reconcile_every=dt.timedelta(days=1)
    )
    assert quiet.opened == 0 and quiet.reconciled_networks == 0
    assert await full_pass_would_change(clock, network_id, later) != []

    def missed() -> float:
        labels = {"kind": "missing_follow_up", "change": "opened"}
        value = REGISTRY.get_sample_value(
            "drumbeat_detection_reconciliation_differences_total", labels
        )
        return value or 0.0

    before = missed()
    nightly = later + dt.timedelta(days=1)
    stats = await detection.run_pass(
        clock.sessionmaker, nightly, overlap=NO_OVERLAP, reconcile_every=dt.timedelta(days=1)
    )
    assert stats.reconciled_networks >= 1 and stats.missed == 1 and stats.opened == 1
    assert missed() == before + 1
    assert await full_pass_would_change(clock, network_id, nightly) == []
    async with clock.sessionmaker() as session:
        watermark = await session.get(DetectionWatermark, network_id)
    assert watermark is not None and watermark.reconciled_at == nightly


async def test_deleting_a_follow_up_through_the_api_reopens_its_activity_at_the_next_pass(
    world: World, clock: Clock
) -> None:
    # The shared default activity ends at T0 and the network allows 30 days of grace.
    activity = await create_activity(world)
    follow_up = await create_follow_up(world, activity["id"], due_on="2026-03-01")
    await patch(world, f"/follow-ups/{follow_up['id']}", {"status": "done"})
    later = T0 + dt.timedelta(days=31)
    await detection.run_pass(clock.sessionmaker, later, overlap=NO_OVERLAP)
    assert await clock.findings() == []

    async with world.client("member") as client:
        response = await client.delete(f"{API}/follow-ups/{follow_up['id']}")
    assert response.status_code == 204, response.text
    # Nothing about the activity changed, and without overlap the pass reads only what
    # changed since the last: the deleted follow-up's touch is what it finds.
    stats = await detection.run_pass(
        clock.sessionmaker, later + dt.timedelta(minutes=1), overlap=NO_OVERLAP
    )
    assert (stats.opened, stats.full_networks) == (1, 0)
    [finding] = await clock.findings()
    assert (finding.kind, str(finding.activity_id)) == ("missing_follow_up", activity["id"])
