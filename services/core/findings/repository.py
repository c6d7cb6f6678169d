"""SQL for findings: what is violated now, and what is already recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.db import dialect
from services.core.findings.models import ORPHANED, Finding
from services.core.findings.schemas import FindingFilters
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series

LIVE_FOLLOW_UP = ("planned", "done")


async def network_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list((await session.scalars(select(Network.id).order_by(Network.id))).all())


def _missing_follow_up(network_id: uuid.UUID, ended_before: dt.datetime) -> Any:
    """Held activities that expect a follow-up, past their grace, with none planned or done."""
    has_follow_up = exists().where(
        FollowUp.activity_id == Activity.id, FollowUp.status.in_(LIVE_FOLLOW_UP)
    )
    return and_(
        Activity.network_id == network_id,
        Activity.status == "held",
        Activity.follow_up_expected.is_(True),
        Activity.ends_at < ended_before,
        ~has_follow_up,
    )


def _open_finding(kind: str, network_id: uuid.UUID) -> Any:
    # The network, although the activity or follow-up implies it: without it PostgreSQL
    # hashes every network's open findings for each network's anti-join, and a first pass
    # over 1 000 networks grew quadratic in the findings it had opened so far.
    return and_(
        Finding.network_id == network_id, Finding.kind == kind, Finding.status != "resolved"
    )


async def new_missing_follow_ups(
    session: AsyncSession,
    network_id: uuid.UUID,
    ended_before: dt.datetime,
    activity_ids: Collection[uuid.UUID] | None = None,
) -> list[tuple[uuid.UUID, dt.datetime]]:
    """Violations that have no unresolved finding yet: in a steady state, none. With
    ``activity_ids``, among those activities only."""
    recorded = exists().where(
        Finding.activity_id == Activity.id, _open_finding("missing_follow_up", network_id)
    )
    stmt = select(Activity.id, Activity.ends_at).where(
        _missing_follow_up(network_id, ended_before), ~recorded
    )
    if activity_ids is not None:
        stmt = stmt.where(Activity.id.in_(activity_ids))
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def gone_missing_follow_ups(
    session: AsyncSession,
    network_id: uuid.UUID,
    ended_before: dt.datetime,
    activity_ids: Collection[uuid.UUID] | None = None,
) -> list[Finding]:
    """Unresolved findings whose activity no longer lacks a follow-up (or is gone); with
    ``activity_ids``, only those activities'."""
    still = exists().where(
        Activity.id == Finding.activity_id, _missing_follow_up(network_id, ended_before)
    )
    stmt = select(Finding).where(_open_finding("missing_follow_up", network_id), ~still)
    if activity_ids is not None:
        stmt = stmt.where(Finding.activity_id.in_(activity_ids))
    return list((await session.scalars(stmt)).all())


def _overdue(network_id: uuid.UUID, today: dt.date) -> Any:
    return and_(
        FollowUp.network_id == network_id, FollowUp.status == "planned", FollowUp.due_on < today
    )


async def new_overdue_follow_ups(
    session: AsyncSession,
    network_id: uuid.UUID,
    today: dt.date,
    follow_up_ids: Collection[uuid.UUID] | None = None,
) -> list[tuple[uuid.UUID, uuid.UUID, dt.date]]:
    # The due date is part of the condition (expected_on holds it): a moved date re-arms.
    recorded = exists().where(
        Finding.follow_up_id == FollowUp.id,
        Finding.expected_on == FollowUp.due_on,
        _open_finding("overdue_follow_up", network_id),
    )
    stmt = select(FollowUp.id, FollowUp.activity_id, FollowUp.due_on).where(
        _overdue(network_id, today), ~recorded
    )
    if follow_up_ids is not None:
        stmt = stmt.where(FollowUp.id.in_(follow_up_ids))
    return [(row[0], row[1], row[2]) for row in (await session.execute(stmt)).all()]


async def gone_overdue_follow_ups(
    session: AsyncSession,
    network_id: uuid.UUID,
    today: dt.date,
    activity_id: uuid.UUID | None = None,
    follow_up_ids: Collection[uuid.UUID] | None = None,
) -> list[Finding]:
    still = exists().where(
        FollowUp.id == Finding.follow_up_id,
        FollowUp.due_on == Finding.expected_on,
        _overdue(network_id, today),
    )
    stmt = select(Finding).where(_open_finding("overdue_follow_up", network_id), ~still)
    if activity_id is not None:
        # Detection stores a follow-up's activity on its overdue finding.
        stmt = stmt.where(Finding.activity_id == activity_id)
    if follow_up_ids is not None:
        stmt = stmt.where(Finding.follow_up_id.in_(follow_up_ids))
    return list((await session.scalars(stmt)).all())


async def orphaned(session: AsyncSession, network_id: uuid.UUID) -> list[Finding]:
    """Unresolved findings whose subject was deleted: their condition is gone."""
    stmt = select(Finding).where(Finding.network_id == network_id, text(ORPHANED))
    return list((await session.scalars(stmt)).all())


async def unresolved_series_gaps(
    session: AsyncSession,
    network_id: uuid.UUID,
    series_ids: Collection[uuid.UUID] | None = None,
) -> dict[str, uuid.UUID]:
    """Condition key to id: a network with a long series history has thousands of them, and
    a pass only needs the objects of those that are gone (``by_ids``). With ``series_ids``,
    those series' only."""
    stmt = select(Finding.condition_key, Finding.id).where(_open_finding("series_gap", network_id))
    if series_ids is not None:
        stmt = stmt.where(Finding.series_id.in_(series_ids))
    return {key: finding_id for key, finding_id in (await session.execute(stmt)).all()}


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Finding]:
    if not ids:
        return []
    return list((await session.scalars(select(Finding).where(Finding.id.in_(ids)))).all())


async def resolve(session: AsyncSession, findings: Sequence[Finding], now: dt.datetime) -> None:
    # Through the unit of work (few rows in any one pass), so versions and ETags move on.
    for finding in findings:
        finding.status, finding.resolved_at = "resolved", now
    await session.flush()


async def unsnooze(session: AsyncSession, network_id: uuid.UUID, now: dt.datetime) -> int:
    """Acknowledged findings whose snooze ran out need attention again."""
    result = await session.execute(
        update(Finding)
        .where(
            Finding.network_id == network_id,
            Finding.status == "acknowledged",
            Finding.snoozed_until <= now,
        )
        .values(status="open", snoozed_until=None, updated_at=now, version=Finding.version + 1)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def held_starts_by_series(
    session: AsyncSession, series_ids: Sequence[uuid.UUID], since: dt.datetime
) -> dict[uuid.UUID, list[dt.datetime]]:
    result: dict[uuid.UUID, list[dt.datetime]] = {sid: [] for sid in series_ids}
    if not series_ids:
        return result
    stmt = (
        select(Activity.series_id, Activity.starts_at)
        .where(
            Activity.series_id.in_(series_ids),
            Activity.status == "held",
            Activity.starts_at >= since,
        )
        .order_by(Activity.starts_at)
    )
    for series_id, starts_at in (await session.execute(stmt)).all():
        if series_id is not None:
            result[series_id].append(starts_at)
    return result


async def insert_findings(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    # The table, not the mapped class: no per-row ORM work (and COPY on PostgreSQL).
    await dialect.bulk_insert(session, Finding.metadata.tables["findings"], rows)


async def by_id(session: AsyncSession, finding_id: uuid.UUID) -> Finding | None:
    return await session.get(Finding, finding_id)


def listing(network_id: uuid.UUID, filters: FindingFilters, now: dt.datetime) -> Select[Finding]:
    stmt = select(Finding).where(Finding.network_id == network_id)
    if filters.kind:
        stmt = stmt.where(Finding.kind == filters.kind)
    if filters.status == "snoozed":
        stmt = stmt.where(Finding.status == "acknowledged", Finding.snoozed_until > now)
    elif filters.status:
        stmt = stmt.where(Finding.status == filters.status)
    if filters.q:
        text = filters.q.lower()
        titled = or_(
            Finding.activity_id.in_(
                select(Activity.id).where(
                    Activity.network_id == network_id,
                    func.lower(Activity.title).contains(text, autoescape=True),
                )
            ),
            Finding.series_id.in_(
                select(Series.id).where(
                    Series.network_id == network_id,
                    func.lower(Series.title).contains(text, autoescape=True),
                )
            ),
        )
        stmt = stmt.where(titled)
    if filters.activity_id:
        # Detection stores a follow-up's activity on its overdue finding, and a follow-up never
        # moves to another activity, so equality finds those too.
        stmt = stmt.where(Finding.activity_id == filters.activity_id)
    return stmt


async def titles(
    session: AsyncSession, findings: Sequence[Finding]
) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, str], dict[uuid.UUID, str]]:
    """The titles of the activities, series and follow-ups these findings are about."""

    async def of(model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        rows = await session.execute(select(model.id, model.title).where(model.id.in_(ids)))
        return {row[0]: row[1] for row in rows.all()}

    return (
        await of(Activity, {f.activity_id for f in findings if f.activity_id}),
        await of(Series, {f.series_id for f in findings if f.series_id}),
        await of(FollowUp, {f.follow_up_id for f in findings if f.follow_up_id}),
    )
