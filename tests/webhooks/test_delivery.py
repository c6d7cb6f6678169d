"""Delivery end to end: a real receiver, signatures, retries, 410, redirects, giving up."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from email.message import EmailMessage

from sqlalchemy import func, select

from services.core.activities import service as activities
from services.core.activities.schemas import ActivityCreate
from services.core.common.authz import Principal, Role
from services.core.db.types import utcnow
from services.core.webhooks.delivery import RETRY_SCHEDULE
from services.core.webhooks.models import WebhookDelivery
from tests.builders import activity_body
from tests.support import API, World
from tests.webhooks.helpers import Hooks, verify

MS = dt.timedelta(milliseconds=1)


def within_jitter(scheduled: dt.datetime, attempted_at: dt.datetime, wait: dt.timedelta) -> bool:
    return attempted_at + wait * 0.9 - MS <= scheduled <= attempted_at + wait * 1.1 + MS


async def test_an_activity_created_through_the_api_reaches_the_receiver_signed(
    world: World, hooks: Hooks
) -> None:
    endpoint = await hooks.register()
    activity = await hooks.create_activity()

    counts = await hooks.deliver()

    assert counts["claimed"] == 1 and counts["succeeded"] == 1
    [received] = hooks.receiver.requests
    assert received.path == "/hook"
    assert received.headers["content-type"] == "application/json"
    payload = verify(endpoint["secret"], received)
    async with world.client("member") as client:
        as_the_api_returns_it = (await client.get(f"{API}/activities/{activity['id']}")).json()
    assert payload == {
        "type": "activity.created",
        "timestamp": payload["timestamp"],
        "data": as_the_api_returns_it,
    }
    assert dt.datetime.fromisoformat(payload["timestamp"]) <= utcnow()
    assert list(payload) == ["type", "timestamp", "data"]

    delivery = await hooks.delivery()
    assert received.headers["webhook-id"] == str(delivery.id)
    assert delivery.status == "succeeded" and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    assert delivery.lease_owner is None
    [entry] = delivery.log
    assert entry["status_code"] == 200 and entry["duration_ms"] >= 0

    again = await hooks.deliver()
    assert again["claimed"] == 0 and len(hooks.receiver.requests) == 1


async def test_a_rolled_back_change_emits_nothing(world: World, hooks: Hooks) -> None:
    await hooks.register()
    principal = Principal(user_id=world.people["member"].id, roles={hooks.network_id: Role.member})

    async with hooks.sessionmaker() as session:
        await activities.create(
            session, principal, hooks.network_id, ActivityCreate(**activity_body())
        )
        count = select(func.count()).select_from(WebhookDelivery)
        assert await session.scalar(count) == 1, "emitted inside the transaction"
        await session.rollback()

    assert await hooks.deliveries() == [] and await hooks.events() == []
    assert (await hooks.deliver())["claimed"] == 0
    assert hooks.receiver.requests == []


async def test_failures_are_retried_on_schedule_with_the_same_webhook_id(hooks: Hooks) -> None:
    endpoint = await hooks.register()
    await hooks.create_activity()
    hooks.receiver.answer(500, 503)
    t0 = utcnow()

    first = await hooks.deliver(t0)
    assert first["failed"] == 1
    delivery = await hooks.delivery()
    assert delivery.status == "failed" and delivery.attempts == 1
    assert delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
    assert within_jitter(delivery.next_attempt_at, t0, RETRY_SCHEDULE[0])
    assert (await hooks.deliver(t0 + dt.timedelta(seconds=4)))["claimed"] == 0, "not due yet"

    t1 = t0 + dt.timedelta(seconds=6)
    assert (await hooks.deliver(t1))["failed"] == 1
    delivery = await hooks.delivery()
    assert delivery.attempts == 2
    assert within_jitter(delivery.next_attempt_at, t1, RETRY_SCHEDULE[1])
    assert (await hooks.endpoint(endpoint["id"])).consecutive_failures == 2

    assert (await hooks.deliver(delivery.next_attempt_at))["succeeded"] == 1
    delivery = await hooks.delivery()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    assert [e["status_code"] for e in delivery.log] == [500, 503, 200]
    assert (await hooks.endpoint(endpoint["id"])).consecutive_failures == 0

    ids = {r.headers["webhook-id"] for r in hooks.receiver.requests}
    assert ids == {str(delivery.id)} and len(hooks.receiver.requests) == 3
    bodies = {r.body for r in hooks.receiver.requests}
    assert len(bodies) == 1, "every retry sends the same bytes"
    for received in hooks.receiver.requests:
        verify(endpoint["secret"], received)


async def test_410_disables_the_endpoint_and_nothing_more_is_attempted(hooks: Hooks) -> None:
    endpoint = await hooks.register()
    await hooks.create_activity(title="first")
    await hooks.create_activity(title="second")
    hooks.receiver.answer(410)

    gone = await hooks.deliver(limit=1)

    assert gone["dead"] == 1
    disabled = await hooks.endpoint(endpoint["id"])
    assert not disabled.active and disabled.disabled_reason is not None
    assert "410" in disabled.disabled_reason
    rest = await hooks.deliver()
    assert rest["claimed"] == 1 and rest["dead"] == 1
    assert len(hooks.receiver.requests) == 1, "the second delivery was never attempted"
    first, second = await hooks.deliveries()
    assert first.status == "dead" and first.last_status_code == 410
    assert second.status == "dead" and second.attempts == 0
    assert second.last_error is not None and "disabled" in second.last_error

    await hooks.create_activity(title="third")
    assert len(await hooks.deliveries()) == 2, "a disabled endpoint gets no new deliveries"


async def test_a_redirect_is_a_failure_and_is_not_followed(hooks: Hooks) -> None:
    await hooks.register()
    await hooks.create_activity()
    hooks.receiver.answer((302, {"location": "/elsewhere"}), (307, {"location": "/elsewhere"}))

    assert (await hooks.deliver())["failed"] == 1
    delivery = await hooks.delivery()
    assert delivery.status == "failed" and delivery.last_status_code == 302
    assert delivery.last_error is not None and "redirect" in delivery.last_error
    assert (await hooks.deliver(delivery.next_attempt_at))["failed"] == 1
    assert [r.path for r in hooks.receiver.requests] == ["/hook", "/hook"]


async def test_the_last_failure_disables_the_endpoint_and_tells_the_coordinators(
    world: World, hooks: Hooks
) -> None:
    endpoint = await hooks.register()
    await hooks.create_activity()
    hooks.receiver.default = 500
    now = utcnow()

    for attempt, wait in enumerate(RETRY_SCHEDULE, start=1):
        counts = await hooks.deliver(now)
        assert counts["failed"] == 1, (attempt, counts)
        delivery = await hooks.delivery()
        assert delivery.attempts == attempt
        assert within_jitter(delivery.next_attempt_at, now, wait), attempt
        now = delivery.next_attempt_at
    assert not list(hooks.settings.outbox_dir.glob("*.eml")), "no email while retrying"

    final = await hooks.deliver(now)

    assert final["dead"] == 1
    delivery = await hooks.delivery()
    assert delivery.status == "dead" and delivery.attempts == len(RETRY_SCHEDULE) + 1
    assert len(hooks.receiver.requests) == len(RETRY_SCHEDULE) + 1
    disabled = await hooks.endpoint(endpoint["id"])
    assert not disabled.active
    assert disabled.disabled_reason is not None and "HTTP 500" in disabled.disabled_reason
    assert disabled.consecutive_failures == len(RETRY_SCHEDULE) + 1
    [eml] = list(hooks.settings.outbox_dir.glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == world.people["coord"].user.email
    body = message.get_content()
    assert endpoint["url"] in body and endpoint["id"] in body
    assert disabled.disabled_reason in body
    assert endpoint["secret"] not in body

    await hooks.deliver(now + dt.timedelta(days=2))
    assert len(list(hooks.settings.outbox_dir.glob("*.eml"))) == 1, "told once"
