"""SQL for findings: what is violated now, and what is already recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.findings.models import Finding
from services.core.findings.schemas import FindingFilters
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series

LIVE_FOLLOW_UP = ("planned", "done")


async def network_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list((await session.scalars(select(Network.id).order_by(Network.id))).all())


async def activities_missing_follow_up(
    session: AsyncSession, network_id: uuid.UUID, ended_before: dt.datetime
) -> list[tuple[uuid.UUID, dt.datetime]]:
    """Held activities that expect a follow-up, past their grace, with none planned or done."""
    has_follow_up = exists().where(
        FollowUp.activity_id == Activity.id, FollowUp.status.in_(LIVE_FOLLOW_UP)
    )
    stmt = select(Activity.id, Activity.ends_at).where(
        Activity.network_id == network_id,
        Activity.status == "held",
        Activity.follow_up_expected.is_(True),
        Activity.ends_at < ended_before,
        ~has_follow_up,
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def overdue_follow_ups(
    session: AsyncSession, network_id: uuid.UUID, today: dt.date
) -> list[tuple[uuid.UUID, uuid.UUID, dt.date]]:
    stmt = select(FollowUp.id, FollowUp.activity_id, FollowUp.due_on).where(
        FollowUp.network_id == network_id,
        FollowUp.status == "planned",
        FollowUp.due_on < today,
    )
    return [(row[0], row[1], row[2]) for row in (await session.execute(stmt)).all()]


async def active_series(session: AsyncSession, network_id: uuid.UUID) -> list[Series]:
    stmt = select(Series).where(Series.network_id == network_id, Series.active.is_(True))
    return list((await session.scalars(stmt)).all())


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


async def unresolved(session: AsyncSession, network_id: uuid.UUID) -> list[Finding]:
    stmt = select(Finding).where(Finding.network_id == network_id, Finding.status != "resolved")
    return list((await session.scalars(stmt)).all())


async def by_id(session: AsyncSession, finding_id: uuid.UUID) -> Finding | None:
    return await session.get(Finding, finding_id)


def listing(network_id: uuid.UUID, filters: FindingFilters) -> Select[Finding]:
    stmt = select(Finding).where(Finding.network_id == network_id)
    if filters.kind:
        stmt = stmt.where(Finding.kind == filters.kind)
    if filters.status:
        stmt = stmt.where(Finding.status == filters.status)
    return stmt
