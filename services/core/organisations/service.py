"""Member organisations of a network."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match, shown
from services.core.common.errors import ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.organisations import repository as repo
from services.core.organisations.models import Organisation
from services.core.organisations.schemas import (
    OrganisationCreate,
    OrganisationFilters,
    OrganisationRead,
    OrganisationUpdate,
)


async def get(
    session: AsyncSession,
    principal: Principal,
    organisation_id: uuid.UUID,
    least: Role = Role.viewer,
) -> Organisation:
    organisation = await repo.by_id(session, organisation_id)
    return principal.require_found(organisation, least, "organisation")


async def show(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> Shown[OrganisationRead]:
    """One organisation as the API shows it."""
    return shown(OrganisationRead.model_validate, await get(session, principal, organisation_id))


async def list_organisations(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    filters: OrganisationFilters,
    *,
    limit: int,
    cursor: str | None,
) -> Page[OrganisationRead]:
    principal.require(network_id, Role.viewer, "network")
    stmt = repo.listing(network_id, filters)
    order = [Organisation.name, Organisation.id]
    page = await paginate(session, stmt, order, limit=limit, cursor=cursor)
    return page.map(OrganisationRead.model_validate)


async def _unique_name(
    session: AsyncSession, network_id: uuid.UUID, name: str, own_id: uuid.UUID | None = None
) -> None:
    other = await repo.by_name(session, network_id, name)
    if other is not None and other.id != own_id:
        raise ValidationFailed(
            "/name", "another organisation in this network has this name", "name_taken"
        )


def _check_dates(organisation: Organisation) -> None:
    if (
        organisation.joined_on
        and organisation.left_on
        and organisation.left_on < organisation.joined_on
    ):
        raise ValidationFailed(
            "/left_on", "left_on must not be before joined_on", "ends_before_start"
        )


async def create(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: OrganisationCreate
) -> Shown[OrganisationRead]:
    principal.require(network_id, Role.member, "network")
    await _unique_name(session, network_id, data.name)
    organisation = Organisation(network_id=network_id, **data.model_dump())
    _check_dates(organisation)
    session.add(organisation)
    await session.flush()
    return shown(OrganisationRead.model_validate, organisation)


async def update(
    session: AsyncSession,
    principal: Principal,
    organisation_id: uuid.UUID,
    data: OrganisationUpdate,
    if_match: str | None,
) -> Shown[OrganisationRead]:
    organisation = await get(session, principal, organisation_id, Role.member)
    await check_if_match(session, organisation, if_match)
    changes = data.changes()
    if "name" in changes:
        await _unique_name(session, organisation.network_id, changes["name"], organisation.id)
    for name, value in changes.items():
        setattr(organisation, name, value)
    _check_dates(organisation)
    await session.flush()
    return shown(OrganisationRead.model_validate, organisation)


async def delete(session: AsyncSession, principal: Principal, organisation_id: uuid.UUID) -> None:
    organisation = await get(session, principal, organisation_id, Role.member)
    await session.delete(organisation)
    await session.flush()
