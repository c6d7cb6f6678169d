from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.networks.models import Membership, Network
from services.core.users.models import User


async def by_id(session: AsyncSession, network_id: uuid.UUID) -> Network | None:
    return await session.get(Network, network_id)


async def by_slug(session: AsyncSession, slug: str) -> Network | None:
    return (await session.scalars(select(Network).where(Network.slug == slug))).first()


def visible(network_ids: list[uuid.UUID] | None) -> Select[Network]:
    stmt = select(Network)
    if network_ids is not None:
        stmt = stmt.where(Network.id.in_(network_ids))
    return stmt


def members(network_id: uuid.UUID) -> Select[Membership]:
    return select(Membership).where(Membership.network_id == network_id)


async def users_by_id(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    if not ids:
        return {}
    rows = await session.scalars(select(User).where(User.id.in_(ids)))
    return {user.id: user for user in rows}


async def membership(session: AsyncSession, membership_id: uuid.UUID) -> Membership | None:
    return await session.get(Membership, membership_id)


async def membership_of(
    session: AsyncSession, network_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    stmt = select(Membership).where(
        Membership.network_id == network_id, Membership.user_id == user_id
    )
    return (await session.scalars(stmt)).first()


async def coordinator_count(session: AsyncSession, network_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(
        Membership.network_id == network_id, Membership.role == "coordinator"
    )
    return int((await session.scalar(stmt)) or 0)
