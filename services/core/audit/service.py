"""Reading the audit trail (coordinators), as far as each may read what it records."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.audit import repository as repo
from services.core.audit.models import AuditEvent
from services.core.audit.schemas import AuditEventRead, AuditFilters
from services.core.common.authz import Principal, Role
from services.core.common.pagination import Page, paginate


async def list_events(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, filters: AuditFilters
) -> Page[AuditEventRead]:
    role = principal.require(network_id, Role.coordinator, "network")
    # Each event is shown only to who may read what it records (reflections: their visibility).
    stmt = repo.listing(network_id, filters, principal.user_id, role >= Role.coordinator)
    page = await paginate(
        session,
        stmt,
        [AuditEvent.at, AuditEvent.id],
        limit=filters.limit,
        cursor=filters.cursor,
        descending=True,
    )
    return page.map(AuditEventRead.model_validate)
