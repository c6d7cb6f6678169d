"""Reminders: schedule, recipients, digest emails over real SMTP, re-checks and skips."""

from __future__ import annotations

import datetime as dt
import email
import uuid
from email import policy

from sqlalchemy import update

from services.core.activities.models import Activity
from services.core.reminders.emails import LISTED_IN_FULL
from services.worker.runner import Worker
from tests.support import API, World
from tests.worker.helpers import (
    T0,
    Clock,
    Inbox,
    at,
    create_activity,
    create_follow_up,
    patch,
    recipient,
    text_of,
)

OPENED = T0 + dt.timedelta(days=31)


async def test_reminders_go_to_the_responsible_person_and_the_coordinators(
    world: World, clock: Clock
) -> None:
    await create_activity(world)  # recorded by "member"
    await clock.detect(OPENED)
    reminders = await clock.reminders()
    recipients = {r.recipient_email for r in reminders}
    assert recipients == {"member@example.org", "coord@example.org"}
    steps = sorted({(r.step, r.due_at) for r in reminders})
    assert steps == [(d, OPENED + dt.timedelta(days=d)) for d in (0, 7, 21)]


async def test_the_assignee_is_responsible_for_an_overdue_follow_up(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world)
    await create_follow_up(
        world, activity["id"], due_on="2026-01-20", assignee_user_id=str(world.people["member2"].id)
    )
    await clock.detect(at("2026-01-21T08:00:00Z"))
    [finding] = await clock.findings(kind="overdue_follow_up")
    recipients = {r.recipient_email for r in await clock.reminders(finding_id=finding.id)}
    assert recipients == {"member2@example.org", "coord@example.org"}


async def test_digest_email_over_smtp_says_what_is_missing_and_links_to_it(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    first = await create_activity(world, title="South-South learning visit")
    second = await create_activity(world, title="Annual advocacy workshop")
    await smtp_clock.detect(OPENED)
    stats = await smtp_clock.deliver(OPENED)

    assert stats.sent == 4 and stats.messages == 2
    [message] = mailbox.to("member@example.org")
    assert message["Subject"] == ("Drumbeat: 2 things need a follow-up in Network A")
    assert message["From"] == "Drumbeat <reminders@drumbeat.example>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].startswith("<reminder-")
    assert message["Message-ID"].endswith("@drumbeat.example.org>")
    text = text_of(message)
    network = world.networks["A"].id
    for activity in (first, second):
        assert f"\u201c{activity['title']}\u201d" in text
        assert (
            f"https://drumbeat.example.org/networks/{network}/activities/{activity['id']}" in text
        )
    assert "has no follow-up yet" in text
    assert "by 10 February 2026" in text  # ended 11 January + 30 days' grace
    assert text.startswith("Hello Member,")
    assert "capacity-strengthening work in Network A that" in text
    assert message["To"] == "Member <member@example.org>"
    for reminder in await smtp_clock.reminders(recipient_email="member@example.org", step=0):
        link = f"https://drumbeat.example.org/networks/{network}/findings/{reminder.finding_id}"
        assert link in text


async def test_one_email_per_recipient_per_pass_and_nothing_twice(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await create_activity(world)
    await smtp_clock.detect(OPENED)
    await smtp_clock.deliver(OPENED)
    await smtp_clock.detect(OPENED + dt.timedelta(hours=1))
    again = await smtp_clock.deliver(OPENED + dt.timedelta(hours=1))
    assert again.sent == 0
    assert len(mailbox.messages) == 2

    week_later = OPENED + dt.timedelta(days=7)
    await smtp_clock.deliver(week_later)
    assert len(mailbox.messages) == 4, "step 7 reminds both recipients once more"
    ids = [m["Message-ID"] for m in mailbox.messages]
    assert len(set(ids)) == 4


async def test_a_stored_name_with_a_line_break_cannot_inject_a_header(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    """Rows written before line breaks were refused: the email is still sent, header-safe."""
    activity = await create_activity(world)
    await create_activity(world, who="outsider", network="B")
    await smtp_clock.set_network("A", name="GFF\r\nBcc: x@evil.example")
    async with smtp_clock.sessionmaker() as session, session.begin():
        await session.execute(
            update(Activity)
            .where(Activity.id == uuid.UUID(activity["id"]))
            .values(title="Budget\r\nBcc: title@evil.example")
        )
    await smtp_clock.detect(OPENED)
    stats = await smtp_clock.deliver(OPENED)

    assert stats.sent == 3 and stats.messages == 3
    assert {r.status for r in await smtp_clock.reminders(step=0)} == {"sent"}
    [message] = mailbox.to("member@example.org")
    assert message["Subject"] == "Drumbeat: 1 thing needs a follow-up in GFF Bcc: x@evil.example"
    assert mailbox.to("outsider@example.org"), "the other network's reminder went out too"
    for sent in mailbox.messages:
        assert sent["Bcc"] is None
        assert all("evil.example" not in value for key, value in sent.items() if key != "Subject")
    assert "\u201cBudget Bcc: title@evil.example\u201d" in text_of(message)


async def test_a_recipient_with_600_due_reminders_gets_one_digest_in_one_pass(
    world: World, clock: Clock
) -> None:
    # Batches of 50: the pass used to send this recipient one digest per batch, twelve here.
    settings = clock.settings.model_copy(
        update={
            "worker_batch_size": 50,
            "reminder_emails_per_network_per_day": 1000,
            "public_url": "https://drumbeat.example.org",
        }
    )
    network, coord = world.networks["A"], world.people["coord"].id
    async with clock.sessionmaker() as session, session.begin():
        session.add_all(
            Activity(
                network_id=network.id,
                title=f"Training {number:03}",
                kind="training",
                status="held",
                starts_at=T0 - dt.timedelta(hours=3),
                ends_at=T0,
                created_by=coord,  # the coordinator: the one recipient of every reminder
            )
            for number in range(600)
        )
    worker = Worker(settings, owner="digest-test")
    try:
        summary = await worker.run_once(OPENED)
    finally:
        await worker.close()

    assert summary.detection.opened == 600
    [path] = settings.outbox_dir.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert recipient(message) == "coord@example.org"
    assert message["Subject"] == "Drumbeat: 600 things need a follow-up in Network A"
    text = text_of(message)
    assert text.count("has no follow-up yet") == LISTED_IN_FULL
    assert (
        "- and 580 more; the network's findings page lists them all: "
        f"https://drumbeat.example.org/networks/{network.id}/findings"
    ) in text
    reminders = await clock.reminders(step=0)
    assert len(reminders) == 600 and {r.status for r in reminders} == {"sent"}
    assert {r.message_id for r in reminders} == {message["Message-ID"]}
    assert (summary.reminders.sent, summary.reminders.messages) == (600, 1)


async def test_smtp_outage_is_retried_and_recovers(
    world: World, smtp_clock: Clock, mailbox: Inbox
) -> None:
    await create_activity(world)
    await smtp_clock.detect(OPENED)
    mailbox.refuse = True
    failed = await smtp_clock.deliver(OPENED)
    assert failed.sent == 0 and failed.retried == 2
    pending = await smtp_clock.reminders(step=0)
    assert all(r.status == "pending" and r.attempts == 1 and r.last_error for r in pending)
    assert all(r.due_at > OPENED for r in pending)

    mailbox.refuse = False
    recovered = await smtp_clock.deliver(OPENED + dt.timedelta(hours=1))
    assert recovered.sent == 2
    assert {r.status for r in await smtp_clock.reminders(step=0)} == {"sent"}


async def test_reminders_for_a_cancelled_activity_are_skipped_with_the_reason(
    world: World, clock: Clock
) -> None:
    activity = await create_activity(world)
    await clock.detect(OPENED)
    await clock.deliver(OPENED)
    await patch(world, f"/activities/{activity['id']}", {"status": "cancelled"})

    # The cancellation resolves the finding at once, so no pass is needed to stop them.
    stats = await clock.deliver(OPENED + dt.timedelta(days=7))
    assert stats.sent == 0 and stats.skipped == 2
    skipped = await clock.reminders(step=7)
    assert {r.skip_reason for r in skipped} == {"the finding was resolved"}
    assert skipped[0].log[-1]["outcome"] == "skipped"


async def test_acknowledged_and_snoozed_findings_send_nothing(world: World, clock: Clock) -> None:
    await create_activity(world)
    await clock.detect(OPENED)
    [finding] = await clock.findings()
    async with world.client("coord") as client:
        response = await client.patch(
            f"{API}/findings/{finding.id}",
            json={"status": "acknowledged", "snoozed_until": "2099-01-01T00:00:00Z"},
        )
    assert response.status_code == 200, response.text
    stats = await clock.deliver(OPENED)
    assert stats.sent == 0 and stats.skipped == 2
    reasons = {r.skip_reason for r in await clock.reminders(step=0)}
    assert reasons == {"the finding is snoozed until 2099-01-01T00:00:00+00:00"}


async def test_a_snooze_that_ran_out_reopens_the_finding(world: World, clock: Clock) -> None:
    await create_activity(world)
    await clock.detect(OPENED)
    [finding] = await clock.findings()
    snooze_end = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    async with world.client("coord") as client:
        await client.patch(
            f"{API}/findings/{finding.id}",
            json={"status": "acknowledged", "snoozed_until": snooze_end.isoformat()},
        )
    stats = await clock.detect(snooze_end + dt.timedelta(seconds=1))
    assert stats.unsnoozed == 1
    [finding] = await clock.findings()
    assert finding.status == "open" and finding.snoozed_until is None


async def test_no_retroactive_blast_before_reminders_since(world: World, clock: Clock) -> None:
    await clock.set_network("A", reminders_since=at("2026-06-01T00:00:00Z"))
    await create_activity(world)  # its condition arose on 10 February 2026
    await clock.detect(at("2026-06-02T00:00:00Z"))
    [finding] = await clock.findings()
    assert finding.status == "open", "the finding is recorded all the same"
    reminders = await clock.reminders()
    assert reminders and {r.status for r in reminders} == {"skipped"}
    assert all("reminders_since" in (r.skip_reason or "") for r in reminders)
    # One skipped reminder per recipient, not one per step of the schedule: a network's
    # first pass may open a finding for much of its past.
    assert len({r.recipient_user_id for r in reminders}) == len(reminders)
    assert {r.step for r in reminders} == {0}
    stats = await clock.deliver(at("2026-07-01T00:00:00Z"))
    assert stats.sent == 0
    outbox = clock.settings.outbox_dir
    assert not outbox.exists() or not list(outbox.glob("*.eml"))


async def test_file_backend_writes_eml_files(world: World, clock: Clock) -> None:
    await create_activity(world)
    await clock.detect(OPENED)
    await clock.deliver(OPENED)
    files = sorted(clock.settings.outbox_dir.glob("*.eml"))
    assert len(files) == 2
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert files[0].name == message["Message-ID"].strip("<>") + ".eml"
    assert "has no follow-up yet" in text_of(message)


async def test_the_delivery_log_is_visible_on_the_finding(world: World, clock: Clock) -> None:
    await create_activity(world)
    await clock.detect(OPENED)
    await clock.deliver(OPENED)
    [finding] = await clock.findings()
    async with world.client("viewer") as client:
        response = await client.get(f"{API}/findings/{finding.id}")
    assert response.status_code == 200
    detail = response.json()
    sent = [r for r in detail["reminders"] if r["status"] == "sent"]
    assert len(sent) == 2
    assert [entry["outcome"] for entry in sent[0]["log"]] == ["scheduled", "sent"]
    assert sent[0]["message_id"].startswith("<reminder-")


async def test_recipients_of_more_findings_than_one_statement_can_name(world: World) -> None:
    """A first pass over a large network opens tens of thousands of findings at once; their
    ids outnumber the bind parameters one statement may carry (32 767 on PostgreSQL)."""
    from services.core.db.engine import create_sessionmaker
    from services.core.db.types import uuid7
    from services.core.findings.models import Finding
    from services.core.reminders.repository import responsible_users

    findings = [Finding(id=uuid7(), activity_id=uuid7()) for _ in range(40_000)]
    async with create_sessionmaker(world.engine)() as session:
        found = await responsible_users(session, findings)
    assert len(found) == 40_000
    assert set(found.values()) == {None}  # no such activities: nobody is responsible
