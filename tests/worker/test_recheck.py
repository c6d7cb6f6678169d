"""A change that removes a finding's condition resolves the finding at once: the page that
made the change shows it resolved, without waiting for the worker's next pass, and the pass
that follows finds nothing left to resolve."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.core.db.types import utcnow
from services.core.webhooks.models import WebhookEndpoint, WebhookEvent
from tests.support import API, World
from tests.worker.helpers import Clock, create_activity, create_follow_up
from tests.worker.test_email_actions import ago


async def resolved_events(clock: Clock) -> int:
    async with clock.sessionmaker() as session:
        stmt = select(func.count()).where(WebhookEvent.type == "finding.resolved")
        return int(await session.scalar(stmt) or 0)


async def finding_status(world: World, finding_id: object) -> str:
    async with world.client("viewer") as client:
        response = await client.get(f"{API}/findings/{finding_id}")
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


async def test_planning_a_follow_up_resolves_the_missing_follow_up_at_once(
    world: World, clock: Clock
) -> None:
    # A partner listening for resolutions (stored directly: the test makes no HTTP calls).
    async with clock.sessionmaker() as session, session.begin():
        session.add(
            WebhookEndpoint(
                network_id=world.networks["A"].id,
                url="https://partner.example.org/hooks",
                secret="whsec_test",
                event_types=["finding.resolved"],
            )
        )
    activity = await create_activity(world, starts_at=ago(41), ends_at=ago(40))
    await clock.detect(utcnow())
    [finding] = await clock.findings(kind="missing_follow_up")
    await create_follow_up(world, activity["id"])
    assert await finding_status(world, finding.id) == "resolved"
    assert await resolved_events(clock) == 1
    stats = await clock.detect(utcnow())
    assert stats.resolved == 0 and await resolved_events(clock) == 1, "announced once"


async def test_marking_an_overdue_follow_up_done_resolves_its_finding_at_once(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world, starts_at=ago(41), ends_at=ago(40))
    follow_up = await create_follow_up(world, activity["id"], due_on=ago(10)[:10])
    await clock.detect(utcnow())
    [overdue] = await clock.findings(kind="overdue_follow_up", status="open")
    async with world.client("member") as client:
        response = await client.patch(
            f"{API}/follow-ups/{follow_up['id']}", json={"status": "done"}
        )
    assert response.status_code == 200, response.text
    assert await finding_status(world, overdue.id) == "resolved"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"status": "cancelled"}, "resolved"),  # a cancelled activity needs no follow-up
        ({"title": "Budget tracking, renamed"}, "open"),  # the condition still holds
    ],
)
async def test_an_activity_change_resolves_its_finding_only_when_the_condition_is_gone(
    world: World, clock: Clock, change: dict[str, str], status: str
) -> None:
    activity = await create_activity(world, starts_at=ago(41), ends_at=ago(40))
    await clock.detect(utcnow())
    [finding] = await clock.findings(kind="missing_follow_up")
    async with world.client("member") as client:
        response = await client.patch(f"{API}/activities/{activity['id']}", json=change)
    assert response.status_code == 200, response.text
    assert await finding_status(world, finding.id) == status
