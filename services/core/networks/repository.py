from __future__ import annotations

import uuid

from sqlalchemy import Select, select
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


async def locked_membership(session: AsyncSession, membership_id: uuid.UUID) -> Membership | None:
    """The membership as committed now (not as this session first read it), locked."""
    stmt = (
        select(Membership)
        .where(Membership.id == membership_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(stmt)).first()


async def lock_coordinators(session: AsyncSession, network_id: uuid.UUID) -> list[uuid.UUID]:
    """The network's coordinator memberships, locked until the transaction ends.

    PostgreSQL: FOR UPDATE, in id order so that two callers never deadlock; a row another
    transaction demotes or deletes meanwhile is re-checked when it commits and drops out.
    SQLite ignores FOR UPDATE; its writers are already serialised by BEGIN IMMEDIATE.
    """
    stmt = (
        select(Membership.id)
        .where(Membership.network_id == network_id, Membership.role == "coordinator")
        .order_by(Membership.id)
        .with_for_update()
    )
    return list((await session.scalars(stmt)).all())


async def membership_of(
    session: AsyncSession, network_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    stmt = select(Membership).where(
        Membership.network_id == network_id, Membership.user_id == user_id
    )
    return (await session.scalars(stmt)).first()
