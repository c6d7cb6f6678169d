"""Properties of the detection pass over generated networks (hypothesis)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from services.core.activities.models import Activity
from services.core.db.types import utcnow
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from tests.support import World
from tests.worker.helpers import Clock

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)

activity_spec = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["planned", "held", "held", "cancelled"]),
        "ends_days_ago": st.integers(min_value=-10, max_value=120),
        "expects": st.booleans(),
        "follow_ups": st.lists(
            st.tuples(
                st.sampled_from(["planned", "done", "dropped"]),
                st.integers(min_value=-30, max_value=60),  # due, days before NOW
            ),
            max_size=2,
        ),
    }
)


async def _network_with(clock: Clock, specs: list[dict[str, Any]], order: list[int]) -> uuid.UUID:
    """A fresh network holding ``specs``, inserted in the given order."""
    async with clock.sessionmaker() as session, session.begin():
        network = Network(
            name="Generated",
            slug=f"gen-{uuid.uuid4().hex[:10]}",
            timezone="UTC",
            reminders_since=utcnow(),
        )
        session.add(network)
        await session.flush()
        for index in order:
            spec = specs[index]
            ends = NOW - dt.timedelta(days=spec["ends_days_ago"])
            activity = Activity(
                network_id=network.id,
                title=f"activity {index}",
                kind="workshop",
                status=spec["status"],
                starts_at=ends - dt.timedelta(hours=3),
                ends_at=ends,
                follow_up_expected=spec["expects"],
            )
            session.add(activity)
            await session.flush()
            for number, (status, due_days_ago) in enumerate(spec["follow_ups"]):
                session.add(
                    FollowUp(
                        network_id=network.id,
                        activity_id=activity.id,
                        title=f"follow-up {index}.{number}",
                        status=status,
                        due_on=(NOW - dt.timedelta(days=due_days_ago)).date(),
                        completed_on=NOW.date() if status == "done" else None,
                    )
                )
        return network.id


async def _summary(clock: Clock, network_id: uuid.UUID) -> list[tuple[str, str, str]]:
    """Findings described by kind, status and the subject's title (ids differ per copy)."""
    async with clock.sessionmaker() as session:
        rows = await session.execute(
            select(Finding.kind, Finding.status, Activity.title, FollowUp.title)
            .outerjoin(Activity, Activity.id == Finding.activity_id)
            .outerjoin(FollowUp, FollowUp.id == Finding.follow_up_id)
            .where(Finding.network_id == network_id)
        )
        return sorted((kind, status, f"{a}/{f}") for kind, status, a, f in rows.all())


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(specs=st.lists(activity_spec, min_size=1, max_size=6), data=st.data())
async def test_detection_is_idempotent_and_independent_of_row_order(
    world: World, clock: Clock, specs: list[dict[str, Any]], data: st.DataObject
) -> None:
    order = list(range(len(specs)))
    shuffled = data.draw(st.permutations(order))
    first = await _network_with(clock, specs, order)
    second = await _network_with(clock, specs, list(shuffled))

    await clock.detect(NOW)
    once_first, once_second = await _summary(clock, first), await _summary(clock, second)
    assert once_first == once_second, "the same data in another order gives the same findings"

    again = await clock.detect(NOW)  # a pass is a function of the data and `now`
    assert (again.opened, again.resolved) == (0, 0)
    assert await _summary(clock, first) == once_first

    expected_missing = sum(
        1
        for spec in specs
        if spec["status"] == "held"
        and spec["expects"]
        and spec["ends_days_ago"] > 30
        and not any(status in ("planned", "done") for status, _ in spec["follow_ups"])
    )
    expected_overdue = sum(
        1 for spec in specs for status, due in spec["follow_ups"] if status == "planned" and due > 0
    )
    kinds = [kind for kind, _, _ in once_first]
    assert kinds.count("missing_follow_up") == expected_missing
    assert kinds.count("overdue_follow_up") == expected_overdue
