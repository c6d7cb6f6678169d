from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.series.models import Series


async def by_id(session: AsyncSession, series_id: uuid.UUID) -> Series | None:
    return await session.get(Series, series_id)


def listing(network_id: uuid.UUID, active: bool | None) -> Select[Series]:
    stmt = select(Series).where(Series.network_id == network_id)
    if active is not None:
        stmt = stmt.where(Series.active == active)
    return stmt


async def held_starts(
    session: AsyncSession, series_id: uuid.UUID, start: dt.datetime, end: dt.datetime
) -> list[tuple[uuid.UUID, dt.datetime]]:
    stmt = (
        select(Activity.id, Activity.starts_at)
        .where(
            Activity.series_id == series_id,
            Activity.status == "held",
            Activity.starts_at >= start,
            Activity.starts_at <= end,
        )
        .order_by(Activity.starts_at)
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def active_series(
    session: AsyncSession,
    network_id: uuid.UUID,
    *,
    by_creation: bool = False,
    among: Collection[uuid.UUID] | None = None,
) -> list[Series]:
    """The network's active series (of those ``among`` when given), in a stable order: by
    title (or, for the calendar feed, by creation), then id."""
    first = Series.created_at if by_creation else Series.title
    stmt = (
        select(Series)
        .where(Series.network_id == network_id, Series.active.is_(True))
        .order_by(first, Series.id)
    )
    if among is not None:
        stmt = stmt.where(Series.id.in_(among))
    return list((await session.scalars(stmt)).all())
