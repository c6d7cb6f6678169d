"""Reminder emails follow each person's choice per network, and the network's switch."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core.db.engine import create_sessionmaker
from services.core.notifications import preferences
from services.core.notifications.schedule import next_slot
from tests.support import API, World
from tests.worker.helpers import T0, Clock, Inbox, create_activity, patch

OPENED = T0 + dt.timedelta(days=31)  # 2026-02-11 16:00 UTC: midnight in Manila


def utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("due", "cadence", "zone", "slot"),
    [
        # Paris moves to summer time on Sunday 29 March 2026: 08:00 is 07:00 UTC, then 06:00.
        ("2026-03-28T06:30", "daily", "Europe/Paris", "2026-03-28T07:00"),
        ("2026-03-28T07:30", "daily", "Europe/Paris", "2026-03-29T06:00"),
        ("2026-03-28T07:00", "daily", "Europe/Paris", "2026-03-28T07:00"),
        ("2026-03-24T10:00", "weekly", "Europe/Paris", "2026-03-30T06:00"),
        # New York falls back on Sunday 1 November 2026: 08:00 is 12:00 UTC, then 13:00.
        ("2026-10-31T13:00", "daily", "America/New_York", "2026-11-01T13:00"),
        ("2026-10-26T12:30", "weekly", "America/New_York", "2026-11-02T13:00"),
        ("2026-10-26T11:30", "weekly", "America/New_York", "2026-10-26T12:00"),
        ("2026-02-11T16:00", "daily", "Asia/Manila", "2026-02-12T00:00"),
        ("2026-02-11T16:00", "daily", "Not/AZone", "2026-02-12T08:00"),
    ],
)
def test_digests_go_at_eight_local_time_across_daylight_saving_changes(
    due: str, cadence: str, zone: str, slot: str
) -> None:
    assert next_slot(utc(due), cadence, zone) == utc(slot)  # type: ignore[arg-type]


async def _choose(world: World, who: str, cadence: str) -> None:
    async with world.client(who) as client:
        answer = await client.patch(
            f"{API}/auth/me/notifications",
            json={"items": [{"network_id": str(world.networks["A"].id), "cadence": cadence}]},
        )
    assert answer.status_code == 200, answer.text


async def test_a_daily_digest_waits_for_eight_in_the_recipients_time_zone(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await patch(world, "/auth/me", {"timezone": "Asia/Manila"})
    await _choose(world, "member", "daily")
    await create_activity(world)  # recorded by member
    await smtp_clock.detect(OPENED)
    await smtp_clock.deliver(OPENED)
    # The coordinator, as they come, has it at once; the member at 08:00 in Manila.
    assert len(mailbox.to("coord@example.org")) == 1
    assert mailbox.to("member@example.org") == []
    [waiting] = await smtp_clock.reminders(recipient_email="member@example.org", step=0)
    assert waiting.due_at == utc("2026-02-12T00:00")
    assert waiting.log[-1]["outcome"] == "deferred"
    await smtp_clock.deliver(utc("2026-02-11T23:59"))
    assert mailbox.to("member@example.org") == []
    await smtp_clock.deliver(utc("2026-02-12T00:00"))
    assert len(mailbox.to("member@example.org")) == 1


async def test_muting_skips_with_a_reason_and_choosing_again_resumes(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await _choose(world, "member", "muted")
    await create_activity(world)
    await smtp_clock.detect(OPENED)
    await smtp_clock.deliver(OPENED)
    assert mailbox.to("member@example.org") == []
    [first] = await smtp_clock.reminders(recipient_email="member@example.org", step=0)
    assert (first.status, first.skip_reason) == (
        "skipped",
        "recipient muted reminder emails from this network",
    )
    await _choose(world, "member", "immediate")
    await smtp_clock.deliver(OPENED + dt.timedelta(days=7))
    assert len(mailbox.to("member@example.org")) == 1


async def test_an_unsubscribed_recipient_is_skipped_as_unsubscribed(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    async with create_sessionmaker(world.engine)() as session, session.begin():
        muted = await preferences.unsubscribe(
            session, world.people["member"].id, [world.networks["A"].id, world.networks["B"].id]
        )
    # Only the networks the person belongs to are muted.
    assert muted == [world.networks["A"].id]
    await create_activity(world)
    await smtp_clock.detect(OPENED)
    await smtp_clock.deliver(OPENED)
    assert mailbox.to("member@example.org") == []
    [first] = await smtp_clock.reminders(recipient_email="member@example.org", step=0)
    assert first.skip_reason == "recipient unsubscribed"
    async with world.client("member") as member:
        seen = (await member.get(f"{API}/auth/me/notifications")).json()["items"][0]
    assert seen["cadence"] == "muted" and seen["unsubscribed_at"] is not None


async def test_the_network_switch_stops_every_reminder_email(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await patch(
        world, f"/networks/{world.networks['A'].id}", {"reminder_emails_enabled": False}, "coord"
    )
    await create_activity(world)
    await smtp_clock.detect(OPENED)
    stats = await smtp_clock.deliver(OPENED)
    assert mailbox.messages == [] and stats.sent == 0
    reasons = {r.skip_reason for r in await smtp_clock.reminders(step=0)}
    assert reasons == {"the network's coordinators stopped reminder emails"}
