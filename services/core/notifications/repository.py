"""SQL for reminder-email preferences."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.networks.models import Membership, Network
from services.core.notifications.models import NotificationPreference


async def memberships_with_preferences(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Network, NotificationPreference | None]]:
    stmt = (
        select(Network, NotificationPreference)
        .join(Membership, Membership.network_id == Network.id)
        .outerjoin(
            NotificationPreference,
            (NotificationPreference.network_id == Network.id)
            & (NotificationPreference.user_id == user_id),
        )
        .where(Membership.user_id == user_id)
        .order_by(Network.name, Network.id)
    )
    return [(network, preference) for network, preference in (await session.execute(stmt)).all()]


async def preference(
    session: AsyncSession, user_id: uuid.UUID, network_id: uuid.UUID
) -> NotificationPreference | None:
    stmt = select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.network_id == network_id
    )
    return (await session.scalars(stmt)).first()


async def preferences_for(
    session: AsyncSession, pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], NotificationPreference]:
    """The stored preferences of these (user, network) pairs; a missing pair is immediate."""
    wanted = set(pairs)
    if not wanted:
        return {}
    users = {user_id for user_id, _ in wanted}
    stmt = select(NotificationPreference).where(NotificationPreference.user_id.in_(users))
    return {
        (row.user_id, row.network_id): row
        for row in await session.scalars(stmt)
        if (row.user_id, row.network_id) in wanted
    }
