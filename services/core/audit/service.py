"""Reading the audit trail (coordinators)."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.audit.models import AuditEvent
from services.core.audit.schemas import AuditFilters
from services.core.authz import Principal, Role
from services.core.pagination import Page, paginate


def _listing(network_id: uuid.UUID, filters: AuditFilters) -> Select[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.network_id == network_id)
    if filters.entity:
        stmt = stmt.where(AuditEvent.entity == filters.entity)
    if filters.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.actor_id:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor_id)
    return stmt


async def list_events(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, filters: AuditFilters
) -> Page[AuditEvent]:
    principal.require(network_id, Role.coordinator, "network")
    return await paginate(
        session,
        _listing(network_id, filters),
        [AuditEvent.at, AuditEvent.id],
        limit=filters.limit,
        cursor=filters.cursor,
        descending=True,
    )
