"""Sending due reminders: claim, re-check, one digest per recipient, record the outcome.

Three short transactions per batch. The claim leases the due reminders of whole recipients
to this worker, so every reminder a recipient has due is in the same batch and a pass sends
each recipient one digest, however many there are (the digest lists the first ones in full
and summarises the rest). The preparation re-checks each one (a reminder whose finding is no
longer open, is snoozed, or whose subject is gone or cancelled is skipped with the reason)
and stamps the rest with the Message-ID of the digest that will carry them, before anything
is sent. After sending, the outcome is written only where the lease is still ours. A worker
that dies after sending and before recording leaves the stamped Message-ID behind, so whoever
takes the work over resends the same message and the receiving side can recognise the
duplicate. (That resend is the one case where a recipient gets a second email in a pass: what
was stamped goes out as stamped, and reminders due since go in a digest of their own.)
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.activities.models import Activity
from services.core.common.authz import Role
from services.core.common.i18n import Words
from services.core.common.mail import MailError, send_message
from services.core.db import leases
from services.core.db.engine import unit_of_work
from services.core.emailactions import service as email_actions
from services.core.emailactions.models import EmailActionKind
from services.core.emailactions.pages import BUTTONS
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.notifications import repository as preferences_repo
from services.core.notifications.models import NotificationPreference
from services.core.notifications.schedule import next_slot
from services.core.observability import metrics
from services.core.reminders import repository as repo
from services.core.reminders.emails import Item, Link, Links, compose, listed_in_full, message_id
from services.core.reminders.models import Reminder
from services.core.reminders.scheduling import log_entry
from services.core.series.models import Series
from services.core.settings import Settings
from services.core.users.models import User

log = logging.getLogger("drumbeat.reminders")

MAX_ATTEMPTS = 10
MAX_LOG = 30
MAX_ERROR = 500


@dataclass
class DeliveryStats:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    messages: int = 0


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 360))


def _append(reminder: Reminder, entry: dict[str, str]) -> list[dict[str, Any]]:
    return leases.append_log(reminder.log, entry, MAX_LOG)


async def _load_items(
    session: AsyncSession, reminders: list[Reminder]
) -> tuple[dict[uuid.UUID, Finding], dict[uuid.UUID, Item]]:
    findings = await repo.findings_by_id(session, [r.finding_id for r in reminders])
    networks = await repo.rows_by_id(session, Network, [f.network_id for f in findings.values()])
    activities = await repo.rows_by_id(
        session, Activity, [f.activity_id for f in findings.values()]
    )
    follow_ups = await repo.rows_by_id(
        session, FollowUp, [f.follow_up_id for f in findings.values()]
    )
    series = await repo.rows_by_id(session, Series, [f.series_id for f in findings.values()])
    items = {
        f.id: Item(
            finding=f,
            network=networks[f.network_id],
            activity=activities.get(f.activity_id) if f.activity_id else None,
            follow_up=follow_ups.get(f.follow_up_id) if f.follow_up_id else None,
            series=series.get(f.series_id) if f.series_id else None,
        )
        for f in findings.values()
    }
    return findings, items


def skip_reason(item: Item | None, now: dt.datetime) -> str | None:
    """Why a reminder must not go out now, or None when it should."""
    if item is None:
        return "the finding no longer exists"
    finding = item.finding
    if finding.status == "resolved":
        return "the finding was resolved"
    if finding.status == "dismissed":
        return f"a coordinator dismissed the finding: {finding.dismissed_reason or ''}".strip()
    if finding.status == "acknowledged":
        if finding.snoozed_until is not None and finding.snoozed_until > now:
            return f"the finding is snoozed until {finding.snoozed_until.isoformat()}"
        return "a coordinator acknowledged the finding"
    if finding.kind in ("missing_follow_up", "overdue_follow_up"):
        if item.activity is None:
            return "the activity was deleted"
        if item.activity.status == "cancelled":
            return "the activity was cancelled"
    if finding.kind == "overdue_follow_up":
        if item.follow_up is None:
            return "the follow-up was deleted"
        if item.follow_up.status != "planned":
            return f"the follow-up is {item.follow_up.status}"
    if finding.kind == "series_gap":
        if item.series is None:
            return "the series was deleted"
        if not item.series.active:
            return "the series is no longer active"
    return None


@dataclass
class Envelope:
    to: str
    to_name: str
    message_id: str
    reminder_ids: list[uuid.UUID]
    items: list[Item]
    links: Links
    language: str


def _held_by_choice(
    reminder: Reminder,
    item: Item,
    preferences: dict[tuple[uuid.UUID, uuid.UUID], NotificationPreference],
    users: dict[uuid.UUID, User],
    now: dt.datetime,
) -> tuple[str, str] | None:
    """("skipped", why) or ("deferred", until) when the network or the recipient chose not
    to have this reminder now; None when it goes out."""
    if not item.network.reminder_emails_enabled:
        return "skipped", "the network's coordinators stopped reminder emails"
    choice = preferences.get((reminder.recipient_user_id, reminder.network_id))
    if choice is None or choice.cadence == "immediate":
        return None
    if choice.cadence == "muted":
        if choice.unsubscribed_at is not None:
            return "skipped", "recipient unsubscribed"
        return "skipped", "recipient muted reminder emails from this network"
    user = users.get(reminder.recipient_user_id)
    slot = next_slot(reminder.due_at, choice.cadence, user.timezone if user else "UTC")
    if slot <= now:
        return None
    reminder.due_at = slot
    return "deferred", f"{choice.cadence} digest at {slot.isoformat()}"


async def _prepare(
    session: AsyncSession,
    claimed_ids: list[uuid.UUID],
    owner: str,
    now: dt.datetime,
    settings: Settings,
) -> tuple[list[Envelope], int]:
    reminders = await repo.owned(session, claimed_ids, owner)
    _, items = await _load_items(session, reminders)
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    budget = {
        network_id: settings.reminder_emails_per_network_per_day - sent
        for network_id, sent in (
            await repo.sent_since(session, {r.network_id for r in reminders}, day_start)
        ).items()
    }
    preferences = await preferences_repo.preferences_for(
        session, {(r.recipient_user_id, r.network_id) for r in reminders}
    )
    users = await repo.rows_by_id(session, User, [r.recipient_user_id for r in reminders])
    roles = await repo.roles(session, {(r.recipient_user_id, r.network_id) for r in reminders})
    skipped = 0
    groups: dict[tuple[str, str | None], list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        item = items.get(reminder.finding_id)
        reason = skip_reason(item, now)
        held = None
        if reason is None and item is not None and reminder.message_id is None:
            # A stamped reminder was decided already: it goes out as stamped.
            held = _held_by_choice(reminder, item, preferences, users, now)
            if held is not None and held[0] == "skipped":
                reason = held[1]
        if reason is not None:
            reminder.status = "skipped"
            reminder.skip_reason = reason
            reminder.log = _append(reminder, log_entry(now, "skipped", reason))
            leases.release(reminder)
            skipped += 1
            continue
        if held is not None:
            reminder.log = _append(reminder, log_entry(now, "deferred", held[1]))
            leases.release(reminder)
            continue
        if budget[reminder.network_id] <= 0 and reminder.message_id is None:
            # The network's daily cap is reached: try again tomorrow rather than flood inboxes.
            reminder.due_at = day_start + dt.timedelta(days=1)
            reminder.log = _append(reminder, log_entry(now, "deferred", "daily cap reached"))
            leases.release(reminder)
            continue
        budget[reminder.network_id] -= 1
        groups[(reminder.recipient_email, reminder.message_id)].append(reminder)

    envelopes = []
    for (to, existing_id), group in groups.items():
        ids = [r.id for r in group]
        stamped = existing_id or message_id(ids, settings.public_url)
        for reminder in group:
            reminder.message_id = stamped
        # Oldest condition first: the digest lists the first ones in full.
        group.sort(key=lambda r: (items[r.finding_id].finding.arose_at, r.finding_id))
        seen: dict[uuid.UUID, Item] = {}
        for reminder in group:
            seen.setdefault(reminder.finding_id, items[reminder.finding_id])
        recipient = users.get(group[0].recipient_user_id)
        name = recipient.name if recipient else ""
        listed = list(seen.values())
        links = _links(session, recipient, listed, roles, now, settings)
        language = recipient.reads if recipient else "en"
        envelopes.append(Envelope(to, name, stamped, ids, listed, links, language))
    await session.flush()
    return envelopes, skipped


def _links(
    session: AsyncSession,
    recipient: User | None,
    items: list[Item],
    roles: dict[tuple[uuid.UUID, uuid.UUID], str],
    now: dt.datetime,
    settings: Settings,
) -> Links:
    """The one-click links of one digest: those the recipient's role allows today (their role
    is checked again when a link is used), and one to unsubscribe from its networks."""
    if recipient is None:
        return Links()
    user_id = recipient.id
    words = Words.for_(recipient.reads)

    def issue(action: EmailActionKind, item: Item) -> Link:
        url = email_actions.issue(
            session,
            action=action,
            user_id=user_id,
            network_ids=[item.network.id],
            now=now,
            public_url=settings.public_url,
            finding_id=item.finding.id,
        )
        return Link(words._(BUTTONS[action]), url)

    actions: dict[uuid.UUID, list[Link]] = {}
    for item in listed_in_full(items):
        role = roles.get((user_id, item.network.id))
        if recipient.is_admin:
            role = "coordinator"  # as Principal.role_in has it
        if role is None:
            continue
        allowed = Role.parse(role)
        mine: list[Link] = []
        if item.finding.kind == "overdue_follow_up" and allowed >= Role.member:
            mine.append(issue("mark_done", item))
        if allowed >= Role.coordinator:
            mine += [issue("snooze", item), issue("acknowledge", item)]
        actions[item.finding.id] = mine
    networks = sorted({item.network.id for item in items})
    unsubscribe = email_actions.issue(
        session,
        action="unsubscribe",
        user_id=user_id,
        network_ids=networks,
        now=now,
        public_url=settings.public_url,
    )
    return Links(actions, unsubscribe)


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime,
    owner: str,
    limit: int | None = None,
) -> DeliveryStats:
    stats = DeliveryStats()
    lease = dt.timedelta(seconds=settings.worker_lease_seconds)
    async with unit_of_work(sessionmaker) as session:
        claimed_ids = await repo.claim_due(
            session, owner=owner, now=now, lease=lease, limit=limit or settings.worker_batch_size
        )
    stats.claimed = len(claimed_ids)
    if not claimed_ids:
        return stats
    async with unit_of_work(sessionmaker) as session:
        envelopes, stats.skipped = await _prepare(session, claimed_ids, owner, now, settings)

    for envelope in envelopes:
        # One envelope's failure, whatever it is (a row no check foresaw, a mail server that
        # refuses this address), is recorded on its reminders; the others still go out.
        try:
            await _send(settings, envelope, now)
        except MailError as exc:
            log.warning("reminder email %s failed: %s", envelope.message_id, exc)
            await _record_failure(sessionmaker, envelope, owner, now, str(exc), stats)
            continue
        except Exception as exc:
            log.exception("reminder email %s failed unexpectedly", envelope.message_id)
            metrics.WORKER_FAILURES.labels("reminders", "email").inc()
            error = f"unexpected {exc.__class__.__name__}: {exc}"[:MAX_ERROR]
            await _record_failure(sessionmaker, envelope, owner, now, error, stats)
            continue
        async with unit_of_work(sessionmaker) as session:
            for reminder in await repo.owned(session, envelope.reminder_ids, owner):
                reminder.status = "sent"
                reminder.sent_at = now
                reminder.last_error = None
                reminder.log = _append(reminder, log_entry(now, "sent", envelope.message_id))
                leases.end_attempt(reminder)
                stats.sent += 1
        stats.messages += 1
    log.info(
        "reminders: %d sent in %d emails, %d skipped, %d failed, %d to retry",
        stats.sent,
        stats.messages,
        stats.skipped,
        stats.failed,
        stats.retried,
    )
    return stats


async def _send(settings: Settings, envelope: Envelope, now: dt.datetime) -> None:
    message = compose(
        to=envelope.to,
        to_name=envelope.to_name,
        items=envelope.items,
        reminder_ids=envelope.reminder_ids,
        public_url=settings.public_url,
        sender=settings.smtp_from,
        now=now,
        links=envelope.links,
        language=envelope.language,
    )
    message.replace_header("Message-ID", envelope.message_id)
    await send_message(settings, message)


async def _record_failure(
    sessionmaker: async_sessionmaker[AsyncSession],
    envelope: Envelope,
    owner: str,
    now: dt.datetime,
    error: str,
    stats: DeliveryStats,
) -> None:
    async with unit_of_work(sessionmaker) as session:
        for reminder in await repo.owned(session, envelope.reminder_ids, owner):
            reminder.last_error = error
            if leases.end_attempt(reminder) >= MAX_ATTEMPTS:
                reminder.status = "failed"
                reminder.log = _append(reminder, log_entry(now, "failed", error))
                stats.failed += 1
            else:
                reminder.due_at = now + backoff(reminder.attempts)
                reminder.log = _append(reminder, log_entry(now, "retry", error))
                stats.retried += 1
