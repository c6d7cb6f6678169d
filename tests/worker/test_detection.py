"""The three detection rules at their boundaries, auto-resolution and re-arming."""

from __future__ import annotations

import datetime as dt

from tests.support import World
from tests.worker.helpers import T0, Clock, at, create_activity, create_follow_up, iso, patch

GRACE = dt.timedelta(days=30)
SECOND = dt.timedelta(seconds=1)


async def test_missing_follow_up_opens_only_once_the_grace_has_passed(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world)

    before = await clock.detect(T0 + GRACE - SECOND)
    assert before.opened == 0
    exactly = await clock.detect(T0 + GRACE)
    assert exactly.opened == 0, "the grace has not passed at its very last instant"
    after = await clock.detect(T0 + GRACE + SECOND)
    assert after.opened == 1

    [finding] = await clock.findings()
    assert finding.kind == "missing_follow_up"
    assert str(finding.activity_id) == activity["id"]
    assert finding.status == "open"
    assert finding.arose_at == T0 + GRACE
    assert finding.opened_at == T0 + GRACE + SECOND


async def test_no_finding_for_planned_cancelled_or_not_expecting_activities(
    world: World, clock: Clock
) -> None:
    await create_activity(world, status="planned")
    await create_activity(world, status="cancelled")
    await create_activity(world, follow_up_expected=False)
    stats = await clock.detect(T0 + GRACE * 3)
    assert stats.opened == 0


async def test_a_recorded_follow_up_resolves_the_finding_and_a_dropped_one_reopens(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world)
    await clock.detect(T0 + GRACE + SECOND)

    follow_up = await create_follow_up(world, activity["id"], due_on="2026-06-01")
    # Resolved by the change itself (see test_recheck.py): the pass finds nothing left.
    [finding] = await clock.findings()
    assert finding.status == "resolved" and finding.resolved_at is not None
    resolved = await clock.detect(T0 + GRACE + 2 * SECOND)
    assert resolved.resolved == 0

    await patch(world, f"/follow-ups/{follow_up['id']}", {"status": "dropped"})
    again = await clock.detect(T0 + GRACE + 3 * SECOND)
    assert again.opened == 1, "with its only follow-up dropped, the activity needs one again"
    statuses = [f.status for f in await clock.findings()]
    assert statuses == ["resolved", "open"]


async def test_cancelling_the_activity_resolves_its_finding(world: World, clock: Clock) -> None:
    activity = await create_activity(world)
    await clock.detect(T0 + GRACE + SECOND)
    await patch(world, f"/activities/{activity['id']}", {"status": "cancelled"})
    [finding] = await clock.findings()
    assert finding.status == "resolved", "resolved by the cancellation itself"
    assert (await clock.detect(T0 + GRACE + 2 * SECOND)).resolved == 0


async def test_deleting_the_activity_resolves_its_finding(world: World, clock: Clock) -> None:
    from tests.support import API

    activity = await create_activity(world)
    await clock.detect(T0 + GRACE + SECOND)
    async with world.client("member") as client:
        assert (await client.delete(f"{API}/activities/{activity['id']}")).status_code == 204
    stats = await clock.detect(T0 + GRACE + 2 * SECOND)
    assert stats.resolved == 1
    [finding] = await clock.findings()
    assert finding.activity_id is None and finding.status == "resolved"


async def test_grace_days_come_from_the_network(world: World, clock: Clock) -> None:
    await clock.set_network("A", follow_up_grace_days=3)
    await create_activity(world)
    assert (await clock.detect(T0 + dt.timedelta(days=3) - SECOND)).opened == 0
    assert (await clock.detect(T0 + dt.timedelta(days=3) + SECOND)).opened == 1


async def test_overdue_follow_up_opens_the_day_after_it_was_due(world: World, clock: Clock) -> None:
    activity = await create_activity(world)
    follow_up = await create_follow_up(world, activity["id"], due_on="2026-01-20")

    assert (await clock.detect(at("2026-01-20T23:59:59Z"))).opened == 0
    opened = await clock.detect(at("2026-01-21T00:00:01Z"))
    assert opened.opened == 1
    [finding] = await clock.findings(kind="overdue_follow_up")
    assert str(finding.follow_up_id) == follow_up["id"]
    assert finding.arose_at == at("2026-01-21T00:00:00Z")


async def test_overdue_uses_the_network_time_zone(world: World, clock: Clock) -> None:
    # In Auckland 2026-01-21 starts at 2026-01-20T11:00Z.
    await clock.set_network("A", timezone="Pacific/Auckland")
    activity = await create_activity(world)
    await create_follow_up(world, activity["id"], due_on="2026-01-20")
    assert (await clock.detect(at("2026-01-20T10:59:59Z"))).opened == 0
    assert (await clock.detect(at("2026-01-20T11:00:01Z"))).opened == 1


async def test_a_new_due_date_is_a_new_condition_and_re_arms_reminders(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world)
    follow_up = await create_follow_up(world, activity["id"], due_on="2026-01-20")
    await clock.detect(at("2026-01-21T09:00:00Z"))
    first = await clock.reminders()
    assert first and {r.status for r in first} == {"pending"}

    await patch(world, f"/follow-ups/{follow_up['id']}", {"due_on": "2026-02-10"})
    # The old due date's finding is resolved by the change itself.
    moved = await clock.detect(at("2026-01-22T09:00:00Z"))
    assert moved.resolved == 0 and moved.opened == 0
    assert [f.status for f in await clock.findings(kind="overdue_follow_up")] == ["resolved"]

    later = await clock.detect(at("2026-02-11T09:00:00Z"))
    assert later.opened == 1
    findings = await clock.findings(kind="overdue_follow_up")
    assert [f.status for f in findings] == ["resolved", "open"]
    fresh = await clock.reminders(finding_id=findings[1].id)
    assert fresh and all(r.due_at >= at("2026-02-11T09:00:00Z") for r in fresh)


async def test_completing_the_follow_up_resolves_overdue(world: World, clock: Clock) -> None:
    activity = await create_activity(world)
    follow_up = await create_follow_up(world, activity["id"], due_on="2026-01-20")
    await clock.detect(at("2026-01-21T09:00:00Z"))
    await patch(world, f"/follow-ups/{follow_up['id']}", {"status": "done"})
    [overdue] = await clock.findings(kind="overdue_follow_up")
    assert overdue.status == "resolved", "resolved by the change itself"
    assert (await clock.detect(at("2026-01-21T09:00:01Z"))).resolved == 0


async def test_a_second_pass_changes_nothing(world: World, clock: Clock) -> None:
    activity = await create_activity(world)
    await create_activity(world, title="Annual workshop")
    await create_follow_up(world, activity["id"], due_on="2026-01-20")
    now = T0 + GRACE * 2
    first = await clock.detect(now)
    snapshot = [(f.id, f.status, f.version) for f in await clock.findings()]
    reminders = [(r.id, r.status) for r in await clock.reminders()]
    second = await clock.detect(now + SECOND)
    assert first.opened == 2
    assert (second.opened, second.resolved) == (0, 0)
    assert [(f.id, f.status, f.version) for f in await clock.findings()] == snapshot
    assert [(r.id, r.status) for r in await clock.reminders()] == reminders


async def test_passes_in_a_network_touch_only_that_network(world: World, clock: Clock) -> None:
    await create_activity(world, who="outsider", network="B")
    await clock.detect(T0 + GRACE * 2)
    [finding] = await clock.findings()
    assert finding.network_id == world.networks["B"].id
    assert iso(finding.opened_at) == iso(T0 + GRACE * 2)
