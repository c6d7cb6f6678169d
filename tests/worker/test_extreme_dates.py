"""A worker pass over dates stored at the ends of the calendar (older data, or another path
than the API): detection finds what it should and the reminder emails still go out."""

from __future__ import annotations

import datetime as dt

from services.core.activities.models import Activity
from services.core.db.engine import create_sessionmaker
from tests.support import World
from tests.worker.helpers import T0, Clock


async def test_reminders_about_an_activity_held_in_year_1_are_sent(
    world: World, clock: Clock
) -> None:
    # West of Greenwich, the first hours of the year 1 in UTC are still in the year 0 locally,
    # which datetime cannot hold.
    await clock.set_network(
        "A",
        timezone="America/New_York",
        follow_up_grace_days=0,
        reminders_since=dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    )
    async with create_sessionmaker(world.engine)() as session, session.begin():
        session.add(
            Activity(
                network_id=world.networks["A"].id,
                title="The first training",
                kind="training",
                status="held",
                starts_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC),
                ends_at=dt.datetime(1, 1, 1, 2, 0, tzinfo=dt.UTC),
            )
        )
    stats = await clock.detect(T0)
    assert stats.opened == 1
    delivered = await clock.deliver(T0)
    assert delivered.failed == 0 and delivered.sent >= 1, delivered
    [finding] = await clock.findings(kind="missing_follow_up")
    assert all(r.status == "sent" for r in await clock.reminders(step=0))
    assert finding.arose_at.year == 1
