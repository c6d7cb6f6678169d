"""SQL for reminders: recipients, claims and outcomes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.db import dialect, leases
from services.core.findings.models import Finding, NewFinding
from services.core.followups.models import FollowUp
from services.core.networks.models import Membership
from services.core.reminders.models import Reminder
from services.core.series.models import Series
from services.core.users.models import User

# A first detection pass can open tens of thousands of findings in one network; PostgreSQL
# (through asyncpg) takes at most 32 767 bind parameters in one statement.
IDS_PER_QUERY = 10_000


async def responsible_users(
    session: AsyncSession, findings: Sequence[Finding | NewFinding]
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Per finding: the follow-up's assignee, else whoever recorded the activity or series.

    Three queries per ``IDS_PER_QUERY`` findings, however a detection pass batches them.
    """

    async def column(model: Any, value: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
        found: dict[uuid.UUID, Any] = {}
        wanted = list(ids)
        for first in range(0, len(wanted), IDS_PER_QUERY):
            chunk = wanted[first : first + IDS_PER_QUERY]
            rows = await session.execute(select(model.id, value).where(model.id.in_(chunk)))
            found.update({row[0]: row[1] for row in rows.all()})
        return found

    assignees = await column(
        FollowUp, FollowUp.assignee_user_id, {f.follow_up_id for f in findings if f.follow_up_id}
    )
    recorders = await column(
        Activity, Activity.created_by, {f.activity_id for f in findings if f.activity_id}
    )
    series_owners = await column(
        Series, Series.created_by, {f.series_id for f in findings if f.series_id}
    )
    result: dict[uuid.UUID, uuid.UUID | None] = {}
    for finding in findings:
        result[finding.id] = (
            (assignees.get(finding.follow_up_id) if finding.follow_up_id else None)
            or (recorders.get(finding.activity_id) if finding.activity_id else None)
            or (series_owners.get(finding.series_id) if finding.series_id else None)
        )
    return result


async def insert_reminders(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await dialect.bulk_insert(session, Reminder.metadata.tables["reminders"], rows)


async def coordinators(session: AsyncSession, network_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = select(Membership.user_id).where(
        Membership.network_id == network_id, Membership.role == "coordinator"
    )
    return list((await session.scalars(stmt)).all())


async def active_users(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[User]:
    if not ids:
        return []
    stmt = select(User).where(User.id.in_(ids), User.is_active.is_(True))
    by_id = {user.id: user for user in await session.scalars(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def _chunks(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for first in range(0, len(ids), IDS_PER_QUERY):
        yield ids[first : first + IDS_PER_QUERY]


async def claim_due(
    session: AsyncSession, *, owner: str, now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[uuid.UUID]:
    """Lease every due reminder of the next recipients in line, oldest due first.

    About ``limit`` reminders, but always whole recipients, however many they have due: a
    recipient's reminders are never split across batches, so a pass sends each recipient
    one digest. On PostgreSQL a recipient is taken by one replica at a time (a lock held
    until this claim commits, when the leases it wrote are visible to the others).
    """
    free = or_(Reminder.lease_expires_at.is_(None), Reminder.lease_expires_at < now)
    ready = and_(Reminder.status == "pending", Reminder.due_at <= now, free)
    line = (
        select(Reminder.recipient_user_id, func.count())
        .where(ready)
        .group_by(Reminder.recipient_user_id)
        .order_by(func.min(Reminder.due_at), Reminder.recipient_user_id)
        .limit(limit)
    )
    chosen: list[uuid.UUID] = []
    taken = 0
    for recipient, count in (await session.execute(line)).all():
        if taken >= limit:
            break
        if await dialect.try_transaction_lock(session, "remind", str(recipient)):
            chosen.append(recipient)
            taken += int(count)
    if not chosen:
        return []
    pick = select(Reminder.id).where(ready, Reminder.recipient_user_id.in_(chosen))
    pick = dialect.skip_locked(dialect.name(session), pick)
    ids = list((await session.scalars(pick)).all())
    for chunk in _chunks(ids):
        await session.execute(
            update(Reminder)
            .where(Reminder.id.in_(chunk))
            .values(lease_owner=owner, lease_expires_at=now + lease)
            .execution_options(synchronize_session=False)
        )
    return ids


async def owned(session: AsyncSession, ids: Sequence[uuid.UUID], owner: str) -> list[Reminder]:
    found: list[Reminder] = []
    for chunk in _chunks(ids):
        stmt = select(Reminder).where(Reminder.id.in_(chunk), leases.still_ours(Reminder, owner))
        found += (await session.scalars(stmt)).all()
    return found


async def for_finding(session: AsyncSession, finding_id: uuid.UUID) -> list[Reminder]:
    stmt = (
        select(Reminder)
        .where(Reminder.finding_id == finding_id)
        .order_by(Reminder.due_at, Reminder.recipient_email, Reminder.id)
    )
    return list((await session.scalars(stmt)).all())


async def findings_by_id(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Finding]:
    return await rows_by_id(session, Finding, ids)


async def rows_by_id(
    session: AsyncSession, model: Any, ids: Sequence[uuid.UUID | None]
) -> dict[uuid.UUID, Any]:
    wanted = list({i for i in ids if i is not None})
    found: dict[uuid.UUID, Any] = {}
    for chunk in _chunks(wanted):
        found.update(
            {row.id: row for row in await session.scalars(select(model).where(model.id.in_(chunk)))}
        )
    return found


async def sent_since(
    session: AsyncSession, network_ids: set[uuid.UUID], since: dt.datetime
) -> dict[uuid.UUID, int]:
    """Reminders each network has sent since ``since`` (for its daily cap)."""
    counts = {network_id: 0 for network_id in network_ids}
    if not network_ids:
        return counts
    stmt = (
        select(Reminder.network_id, func.count())
        .where(
            Reminder.network_id.in_(network_ids),
            Reminder.status == "sent",
            Reminder.sent_at >= since,
        )
        .group_by(Reminder.network_id)
    )
    for network_id, count in (await session.execute(stmt)).all():
        counts[network_id] = int(count)
    return counts


async def due_backlog(session: AsyncSession, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many pending reminders are due at ``now``, and the oldest one's due time."""
    stmt = select(func.count(), func.min(Reminder.due_at)).where(
        Reminder.status == "pending", Reminder.due_at <= now
    )
    depth, oldest = (await session.execute(stmt)).one()
    return int(depth or 0), oldest


async def roles(
    session: AsyncSession, pairs: set[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """The role of each (user, network) pair that is still a membership."""
    users = {user for user, _ in pairs}
    found: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    for chunk in _chunks(list(users)):
        rows = await session.execute(
            select(Membership.user_id, Membership.network_id, Membership.role).where(
                Membership.user_id.in_(chunk)
            )
        )
        found.update({(r[0], r[1]): r[2] for r in rows.all() if (r[0], r[1]) in pairs})
    return found
