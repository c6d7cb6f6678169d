from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.organisations.models import Organisation
from services.core.organisations.schemas import OrganisationFilters


async def by_id(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def by_name(session: AsyncSession, network_id: uuid.UUID, name: str) -> Organisation | None:
    stmt = select(Organisation).where(
        Organisation.network_id == network_id, Organisation.name == name
    )
    return (await session.scalars(stmt)).first()


def listing(network_id: uuid.UUID, filters: OrganisationFilters) -> Select[Organisation]:
    stmt = select(Organisation).where(Organisation.network_id == network_id)
    if filters.q:
        stmt = stmt.where(func.lower(Organisation.name).contains(filters.q.lower()))
    if filters.level:
        stmt = stmt.where(Organisation.level == filters.level)
    if filters.kind:
        stmt = stmt.where(Organisation.kind == filters.kind)
    if filters.country:
        stmt = stmt.where(Organisation.country == filters.country)
    return stmt
