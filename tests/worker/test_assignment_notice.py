"""Someone given a follow-up hears of it by email, once, with a safe "mark it done" link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select

from services.core.accountmail.delivery import deliver_due
from services.core.accountmail.models import AccountEmail
from services.core.db.types import utcnow
from services.core.followups.models import FollowUp
from tests.support import World
from tests.worker.helpers import Clock, Inbox, create_activity, create_follow_up, parts, patch

ACTION = re.compile(r"https://drumbeat\.example\.org(/email-actions/[A-Za-z0-9_-]+)")


async def send(clock: Clock) -> dict[str, int]:
    return dict(await deliver_due(clock.sessionmaker, clock.settings, now=utcnow(), owner="t"))


async def notices(clock: Clock) -> list[AccountEmail]:
    async with clock.sessionmaker() as session:
        stmt = select(AccountEmail).where(AccountEmail.kind == "follow_up_assigned")
        return list((await session.scalars(stmt.order_by(AccountEmail.created_at))).all())


async def assign(world: World, who: str, to: str, **body: Any) -> dict[str, Any]:
    activity = await create_activity(world, who="coord")
    assignee = str(world.people[to].id)
    return await create_follow_up(world, activity["id"], who=who, assignee_user_id=assignee, **body)


async def test_the_assignee_gets_one_email_saying_what_they_owe_by_when(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    due = (utcnow() + dt.timedelta(days=20)).date()
    follow_up = await assign(world, "coord", "member", due_on=due.isoformat())
    assert (await send(smtp_clock)).get("sent") == 1
    assert await send(smtp_clock) == {"claimed": 0}
    [message] = mailbox.to("member@example.org")
    text, markup = parts(message)
    assert message["Subject"] == (
        "Drumbeat: a follow-up for you in Network A: \u201cAction plan check-in\u201d"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@drumbeat.example.org>")
    assert text.startswith("Hello Member,")
    assert (
        "Coord made you responsible for the follow-up \u201cAction plan check-in\u201d of "
        "\u201cSouth-South learning visit\u201d in Network A."
    ) in text
    assert f"It is due on {due.day} {due:%B %Y}." in text
    network = world.networks["A"].id
    activity_url = (
        f"https://drumbeat.example.org/networks/{network}/activities/{follow_up['activity_id']}"
    )
    assert activity_url in text and activity_url in markup
    [done] = ACTION.findall(text)
    assert done in markup

    async with world.client() as client:
        page = await client.get(done)
        assert "Mark the follow-up done?" in page.text
        async with smtp_clock.sessionmaker() as session:
            assert (await session.scalars(select(FollowUp.status))).one() == "planned"
        pressed = await client.post(done)
    assert pressed.status_code == 200, pressed.text
    async with smtp_clock.sessionmaker() as session:
        row = (await session.scalars(select(FollowUp))).one()
    assert row.status == "done"


async def test_assigning_yourself_sends_nothing(world: World, smtp_clock: Clock) -> None:
    await assign(world, "member", "member")
    assert await notices(smtp_clock) == []


async def test_a_new_assignee_is_told_and_other_edits_tell_nobody(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    follow_up = await assign(world, "coord", "member")
    # Reassigned before the worker ran: the first notice is no longer true and is not sent.
    await patch(
        world,
        f"/follow-ups/{follow_up['id']}",
        {"assignee_user_id": str(world.people["member2"].id)},
        who="coord",
    )
    await patch(world, f"/follow-ups/{follow_up['id']}", {"title": "Renamed"}, who="coord")
    await send(smtp_clock)
    assert mailbox.to("member@example.org") == []
    [message] = mailbox.to("member2@example.org")
    assert "\u201cRenamed\u201d" in parts(message)[0]
    assert [n.status for n in await notices(smtp_clock)] == ["cancelled", "sent"]


async def test_a_notice_for_a_follow_up_done_meanwhile_is_dropped(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    follow_up = await assign(world, "coord", "member")
    await patch(world, f"/follow-ups/{follow_up['id']}", {"status": "done"}, who="coord")
    assert (await send(smtp_clock)).get("dropped") == 1
    assert mailbox.messages == []
    [notice] = await notices(smtp_clock)
    assert notice.status == "cancelled"
    assert notice.log[-1]["detail"] == "the follow-up is done"
