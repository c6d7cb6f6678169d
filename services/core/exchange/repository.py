"""SQL for exports, imports and calendar feeds."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.exchange.models import CalendarFeed
from services.core.networks.models import Membership, Network
from services.core.organisations.models import Organisation
from services.core.series.models import Series
from services.core.users.models import User


@dataclass(frozen=True)
class OrganisationRef:
    id: uuid.UUID
    name: str
    iati_identifier: str | None


async def organisation_refs(session: AsyncSession, network_id: uuid.UUID) -> list[OrganisationRef]:
    """A network's organisations by name and IATI identifier: a member list, not bulk data."""
    stmt = select(Organisation.id, Organisation.name, Organisation.iati_identifier).where(
        Organisation.network_id == network_id
    )
    return [OrganisationRef(*row) for row in (await session.execute(stmt)).all()]


async def series_titles(session: AsyncSession, network_id: uuid.UUID) -> dict[uuid.UUID, str]:
    stmt = select(Series.id, Series.title).where(Series.network_id == network_id)
    return {sid: title for sid, title in (await session.execute(stmt)).all()}


async def activity_titles(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    stmt = select(Activity.id, Activity.title).where(Activity.id.in_(ids))
    return {aid: title for aid, title in (await session.execute(stmt)).all()}


async def series_activity_times(
    session: AsyncSession, network_id: uuid.UUID, since: dt.datetime
) -> list[tuple[uuid.UUID, dt.datetime, dt.datetime]]:
    """(series, starts_at, ends_at) of the series' activities in the feed, newest first."""
    stmt = (
        select(Activity.series_id, Activity.starts_at, Activity.ends_at)
        .where(
            Activity.network_id == network_id,
            Activity.series_id.is_not(None),
            Activity.starts_at >= since,
        )
        .order_by(Activity.starts_at.desc())
    )
    return [(s, a, b) for s, a, b in (await session.execute(stmt)).all() if s is not None]


async def feed_of(
    session: AsyncSession, network_id: uuid.UUID, user_id: uuid.UUID
) -> CalendarFeed | None:
    stmt = select(CalendarFeed).where(
        CalendarFeed.network_id == network_id, CalendarFeed.user_id == user_id
    )
    return (await session.scalars(stmt)).first()


@dataclass(frozen=True)
class FeedOwner:
    network_id: uuid.UUID
    user_id: uuid.UUID
    user_active: bool
    user_is_admin: bool
    role: str | None


async def feed_owner(session: AsyncSession, token_hash: str) -> FeedOwner | None:
    """Whose feed a token opens, and whether they still have a role in its network."""
    stmt = (
        select(
            CalendarFeed.network_id,
            CalendarFeed.user_id,
            User.is_active,
            User.is_admin,
            Membership.role,
        )
        .join(User, User.id == CalendarFeed.user_id)
        .outerjoin(
            Membership,
            (Membership.network_id == CalendarFeed.network_id)
            & (Membership.user_id == CalendarFeed.user_id),
        )
        .where(CalendarFeed.token_hash == token_hash)
    )
    row = (await session.execute(stmt)).first()
    return FeedOwner(*row) if row else None


async def network(session: AsyncSession, network_id: uuid.UUID) -> Network | None:
    return await session.get(Network, network_id)
