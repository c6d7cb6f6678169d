"""Reflections: learning notes with the visibility their author chose."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match, shown
from services.core.common.errors import Forbidden, NotFound
from services.core.common.pagination import Page, paginate
from services.core.common.references import References, ensure_fields_in_network
from services.core.db import dialect
from services.core.organisations.models import Organisation
from services.core.reflections import repository as repo
from services.core.reflections.models import Reflection
from services.core.reflections.schemas import (
    ReflectionCreate,
    ReflectionFilters,
    ReflectionRead,
    ReflectionUpdate,
)
from services.core.webhooks import events


def can_read(principal: Principal, reflection: Reflection) -> bool:
    if principal.is_user(reflection.author_id):
        return True
    role = principal.role_in(reflection.network_id)
    if role is None or reflection.visibility == "private":
        return False
    return reflection.visibility == "network" or role >= Role.coordinator


async def get(session: AsyncSession, principal: Principal, reflection_id: uuid.UUID) -> Reflection:
    reflection = await repo.by_id(session, reflection_id)
    reflection = principal.require_found(reflection, Role.viewer, "reflection")
    # A reflection one may not read is, for that reader, a reflection that does not exist.
    if not can_read(principal, reflection):
        raise NotFound("reflection")
    return reflection


async def show(
    session: AsyncSession, principal: Principal, reflection_id: uuid.UUID
) -> Shown[ReflectionRead]:
    """One reflection as the API shows it, to a reader who may read it."""
    return shown(ReflectionRead.model_validate, await get(session, principal, reflection_id))


async def list_reflections(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    filters: ReflectionFilters,
    *,
    limit: int,
    cursor: str | None,
) -> Page[ReflectionRead]:
    role = principal.require(network_id, Role.viewer, "network")
    stmt = repo.listing(
        network_id,
        filters,
        principal.user_id,
        role >= Role.coordinator,
        dialect_name=dialect.name(session),
    )
    order = [Reflection.created_at, Reflection.id]
    page = await paginate(session, stmt, order, limit=limit, cursor=cursor, descending=True)
    return page.map(ReflectionRead.model_validate)


# The ids a reflection's body may hold: each must name an object of its network.
REFERENCES: References = {
    "activity_id": (Activity, "activity"),
    "organisation_id": (Organisation, "organisation"),
}


async def create(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: ReflectionCreate
) -> Shown[ReflectionRead]:
    principal.require(network_id, Role.member, "network")
    values = data.model_dump()
    await ensure_fields_in_network(session, network_id, values, REFERENCES)
    reflection = Reflection(network_id=network_id, author_id=principal.user_id, **values)
    session.add(reflection)
    await session.flush()
    answer = shown(ReflectionRead.model_validate, reflection)
    # Partners are outside the network's circle: only what every member may read goes out.
    if reflection.visibility == "network":
        await events.announce(session, network_id, answer.item, "reflection.created")
    return answer


async def update(
    session: AsyncSession,
    principal: Principal,
    reflection_id: uuid.UUID,
    data: ReflectionUpdate,
    if_match: str | None,
) -> Shown[ReflectionRead]:
    reflection = await get(session, principal, reflection_id)
    if not principal.is_user(reflection.author_id):
        raise Forbidden("Only the author may edit a reflection.")
    principal.require(reflection.network_id, Role.member, "reflection")
    await check_if_match(session, reflection, if_match)
    changes = data.changes()
    await ensure_fields_in_network(session, reflection.network_id, changes, REFERENCES)
    for name, value in changes.items():
        setattr(reflection, name, value)
    await session.flush()
    return shown(ReflectionRead.model_validate, reflection)


async def delete(session: AsyncSession, principal: Principal, reflection_id: uuid.UUID) -> None:
    reflection = await get(session, principal, reflection_id)
    role = principal.require(reflection.network_id, Role.member, "reflection")
    if not principal.is_user(reflection.author_id) and role < Role.coordinator:
        raise Forbidden("Only the author or a coordinator may delete a reflection.")
    await session.delete(reflection)
    await session.flush()
