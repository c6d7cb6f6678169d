"""The reminder email as people read it, and its one-click links, through a real SMTP server.

The links act on the real clock (a link lives 30 days from when it was sent), so these tests
build their history relative to now rather than at the fixed instants of the other tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from services.core.audit.models import AuditEvent
from services.core.db.types import utcnow
from services.core.emailactions.models import EmailAction
from services.core.emailactions.service import LIFETIME
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.notifications.models import NotificationPreference
from services.worker.runner import Worker
from tests.support import API, World
from tests.worker.helpers import Clock, Inbox, create_activity, create_follow_up, parts

PUBLIC = "https://drumbeat.example.org"
LINE = re.compile(r"^ {2}(?P<label>[^:\r\n]+): (?P<url>https://\S+)$", re.MULTILINE)
ACTION = re.compile(rf"{re.escape(PUBLIC)}(/email-actions/[A-Za-z0-9_-]+)")


def ago(days: int) -> str:
    return (utcnow() - dt.timedelta(days=days)).isoformat()


async def remind(world: World, clock: Clock, inbox: Inbox, *, follow_up: bool = False) -> None:
    """A held activity that ended 40 days ago with no follow-up (and, with follow_up, another
    whose follow-up, assigned to the member, was due 5 days ago), reminded about now."""
    await create_activity(world, starts_at=ago(41), ends_at=ago(40))
    if follow_up:
        other = await create_activity(
            world, title="Budget advocacy training", starts_at=ago(41), ends_at=ago(40)
        )
        due = (utcnow() - dt.timedelta(days=5)).date().isoformat()
        assignee = str(world.people["member"].id)
        await create_follow_up(world, other["id"], assignee_user_id=assignee, due_on=due)
    now = utcnow()
    await clock.detect(now)
    await clock.deliver(now)
    assert inbox.messages, "the pass sent no reminder"


def links(message: Message) -> dict[str, str]:
    """Label -> address of the links in the plain-text part (the first of each label)."""
    found: dict[str, str] = {}
    for match in LINE.finditer(parts(message)[0]):
        found.setdefault(match["label"], match["url"])
    return found


def path(url: str) -> str:
    match = ACTION.fullmatch(url)
    assert match, url
    return match.group(1)


async def reminder_to(
    world: World, clock: Clock, inbox: Inbox, to: str, *, follow_up: bool = False
) -> Message:
    """The one reminder this address gets once ``remind`` has run."""
    await remind(world, clock, inbox, follow_up=follow_up)
    [message] = inbox.to(to)
    return message


async def reminded_link(
    world: World, clock: Clock, inbox: Inbox, to: str, label: str, *, follow_up: bool = False
) -> str:
    """The path of the link with this label in the reminder to this address."""
    message = await reminder_to(world, clock, inbox, to, follow_up=follow_up)
    return path(links(message)[label])


async def finding_state(clock: Clock) -> list[tuple[str, Any, Any]]:
    return [(f.status, f.snoozed_until, f.version) for f in await clock.findings()]


async def test_a_reminder_has_a_text_and_an_html_part_that_say_the_same(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    message = await reminder_to(world, smtp_clock, mailbox, "coord@example.org", follow_up=True)
    text, markup = parts(message)

    assert message["From"] == "Drumbeat <reminders@drumbeat.example>"
    assert parseaddr(str(message["To"])) == ("Coord", "coord@example.org")
    assert message["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<reminder-[0-9a-f]{40}@drumbeat\.example\.org>", message["Message-ID"])
    assert abs(parsedate_to_datetime(message["Date"]) - utcnow()) < dt.timedelta(minutes=5)
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(PUBLIC)}/email-actions/[A-Za-z0-9_-]{{40,}}>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The same links, in the same order, in both parts.
    text_urls = re.findall(r"https://\S+", text)
    html_urls = [html.unescape(u) for u in re.findall(r'href="([^"]+)"', markup)]
    assert sorted(text_urls) == sorted(html_urls)
    assert unsubscribe.strip("<>") in text_urls
    # The same sentences: every line of the text part that is not a link is in the HTML.
    visible = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    visible = " ".join(visible.split())
    for line in text.splitlines():
        words = line.strip().lstrip("- ")
        if words and "https://" not in words:
            assert " ".join(words.split()) in visible, words
    # Nothing a mail client would fetch or run.
    assert "<script" not in markup.lower() and "<img" not in markup.lower()
    assert "src=" not in markup.lower()

    assert text.startswith("Hello Coord,")
    assert "has no follow-up yet" in text and "is still planned" in text
    labels = links(message)
    for label in ("Plan a follow-up", "The finding", "Snooze a week", "Acknowledge"):
        assert label in labels
    assert "Mark the follow-up done" in labels
    assert labels["Plan a follow-up"].endswith("?plan=follow-up")
    assert "/findings/" in labels["The finding"]


async def test_a_member_gets_only_the_actions_their_role_allows(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    message = await reminder_to(world, smtp_clock, mailbox, "member@example.org", follow_up=True)
    labels = links(message)
    assert "Mark the follow-up done" in labels and "Plan a follow-up" in labels
    assert "Snooze a week" not in labels and "Acknowledge" not in labels


async def test_opening_every_link_changes_nothing(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await remind(world, smtp_clock, mailbox, follow_up=True)
    before = await finding_state(smtp_clock)
    async with world.client() as client:
        for message in mailbox.messages:
            for url in ACTION.findall(parts(message)[0]):
                page = await client.get(url)
                assert page.status_code == 200, page.text
                assert '<form method="post">' in page.text
                assert page.headers["Cache-Control"] == "no-store"
                assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert await finding_state(smtp_clock) == before
    async with smtp_clock.sessionmaker() as session:
        used = await session.scalars(select(EmailAction).where(EmailAction.used_at.is_not(None)))
        assert list(used) == []
        follow_up = (await session.scalars(select(FollowUp))).one()
        assert follow_up.status == "planned"


async def test_snooze_acts_once_as_the_recipient_and_is_audited_as_from_the_email(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    url = await reminded_link(world, smtp_clock, inbox[0], "coord@example.org", "Snooze a week")
    async with world.client() as client:
        page = await client.get(url)
        assert "Snooze this finding for a week?" in page.text
        done = await client.post(url)
        again = await client.post(url)
    assert done.status_code == 200 and "Snoozed for a week" in done.text
    assert again.status_code == 410 and "has been used" in again.text
    [finding] = await smtp_clock.findings()
    assert finding.status == "acknowledged" and finding.snoozed_until is not None
    assert dt.timedelta(days=6) < finding.snoozed_until - utcnow() <= dt.timedelta(days=7)
    async with smtp_clock.sessionmaker() as session:
        [event] = await session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "finding", AuditEvent.action == "update")
        )
    assert event.actor_id == world.people["coord"].id
    assert event.via == "reminder email"
    async with world.client("coord") as client:
        listed = await client.get(f"{API}/networks/{world.networks['A'].id}/audit")
    assert listed.status_code == 200, listed.text
    assert [e["via"] for e in listed.json()["items"] if e["entity"] == "finding"] == [
        "reminder email"
    ]


async def test_parallel_presses_of_one_link_act_once(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    url = await reminded_link(world, smtp_clock, inbox[0], "coord@example.org", "Acknowledge")
    async with world.client() as client:
        answers = await asyncio.gather(*(client.post(url) for _ in range(6)))
    codes = sorted(a.status_code for a in answers)
    # SQLite may also turn a press away as busy (503, to retry): never two that acted.
    assert codes.count(200) == 1, codes
    assert set(codes) <= {200, 410, 503}, codes


async def test_mark_done_from_the_email_completes_the_follow_up(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    url = await reminded_link(
        world, smtp_clock, inbox[0], "member@example.org", "Mark the follow-up done", follow_up=True
    )
    async with world.client() as client:
        done = await client.post(url)
    assert done.status_code == 200 and "is recorded as done" in done.text
    async with smtp_clock.sessionmaker() as session:
        follow_up = (await session.scalars(select(FollowUp))).one()
    assert follow_up.status == "done" and follow_up.completed_on is not None


async def test_expired_unknown_and_no_longer_allowed_links_do_nothing(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    message = await reminder_to(world, smtp_clock, mailbox, "coord@example.org")
    labels = links(message)
    snooze, acknowledge = path(labels["Snooze a week"]), path(labels["Acknowledge"])
    before = await finding_state(smtp_clock)
    async with smtp_clock.sessionmaker() as session, session.begin():
        await session.execute(
            update(EmailAction)
            .where(EmailAction.action == "snooze")
            .values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )
    await world.set_role("coord", "A", "member")
    async with world.client() as client:
        expired = await client.post(snooze)
        unknown = await client.post("/email-actions/" + "x" * 43)
        demoted = await client.post(acknowledge)
    assert expired.status_code == 410 and "expired" in expired.text
    assert unknown.status_code == 404
    assert demoted.status_code == 403 and "coordinator role" in demoted.text
    assert await finding_state(smtp_clock) == before


async def test_a_finding_resolved_meanwhile_is_left_alone(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    url = await reminded_link(world, smtp_clock, inbox[0], "coord@example.org", "Snooze a week")
    async with smtp_clock.sessionmaker() as session, session.begin():
        await session.execute(update(Finding).values(status="resolved"))
    async with world.client() as client:
        page = await client.get(url)
        pressed = await client.post(url)
    for answer in (page, pressed):
        assert answer.status_code == 200 and "resolved meanwhile" in answer.text
        assert "<form" not in answer.text
    [finding] = await smtp_clock.findings()
    assert finding.status == "resolved" and finding.snoozed_until is None


async def test_one_click_unsubscribe_mutes_the_network_and_the_next_reminder_is_skipped(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    message = await reminder_to(world, smtp_clock, mailbox, "member@example.org")
    url = path(message["List-Unsubscribe"].strip("<>"))
    async with world.client() as client:
        # What a mail provider sends (RFC 8058), twice: muting twice is muting.
        for _ in range(2):
            answer = await client.post(
                url,
                content="List-Unsubscribe=One-Click",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            assert answer.status_code == 200, answer.text
    async with smtp_clock.sessionmaker() as session:
        [choice] = await session.scalars(select(NotificationPreference))
    assert choice.user_id == world.people["member"].id
    assert choice.cadence == "muted" and choice.unsubscribed_at is not None

    mailbox.messages.clear()
    week_later = utcnow() + dt.timedelta(days=7, minutes=1)
    await smtp_clock.deliver(week_later)
    assert mailbox.to("member@example.org") == []
    assert len(mailbox.to("coord@example.org")) == 1
    [skipped] = await smtp_clock.reminders(recipient_email="member@example.org", step=7)
    assert (skipped.status, skipped.skip_reason) == ("skipped", "recipient unsubscribed")

    # Undone on the profile, the next reminder goes out again.
    async with world.client("member") as client:
        mine = await client.get(f"{API}/auth/me/notifications")
        assert [i["cadence"] for i in mine.json()["items"]] == ["muted"]


@pytest.mark.parametrize("body", ["", "List-Unsubscribe=One-Click"])
async def test_the_unsubscribe_page_asks_first_and_either_post_mutes(
    world: World, smtp_clock: Clock, mailbox: Inbox, body: str
) -> None:
    message = await reminder_to(world, smtp_clock, mailbox, "member@example.org")
    url = path(message["List-Unsubscribe"].strip("<>"))
    async with world.client() as client:
        page = await client.get(url)
        assert "Stop reminder emails from Network A?" in page.text
        async with smtp_clock.sessionmaker() as session:
            assert list(await session.scalars(select(NotificationPreference))) == []
        answer = await client.post(url, content=body)
    assert answer.status_code == 200 and "no more reminder emails" in answer.text


async def test_the_worker_forgets_links_a_week_after_they_expire(
    world: World, clock: Clock
) -> None:
    await create_activity(world, starts_at=ago(41), ends_at=ago(40))
    now = utcnow()
    await clock.detect(now)
    await clock.deliver(now)
    async with clock.sessionmaker() as session:
        issued = len(list(await session.scalars(select(EmailAction))))
    assert issued > 0
    worker = Worker(clock.settings, owner="purge-test")
    try:
        await worker.detect(now + LIFETIME + dt.timedelta(days=6))
        async with clock.sessionmaker() as session:
            assert len(list(await session.scalars(select(EmailAction)))) == issued
        await worker.detect(now + LIFETIME + dt.timedelta(days=8))
        async with clock.sessionmaker() as session:
            assert list(await session.scalars(select(EmailAction))) == []
    finally:
        await worker.close()
