from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import router, tagged
from services.core.common.schema import Page
from services.core.findings import service
from services.core.findings.schemas import (
    FindingDetail,
    FindingFilters,
    FindingRead,
    FindingUpdate,
)

api = router("findings")


@api.get("/networks/{network_id}/findings", operation_id="list_findings")
async def list_findings(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[FindingFilters, Query()],
) -> Page[FindingRead]:
    """What the worker detected, newest first."""
    return await service.list_findings(session, principal, network_id, filters)


@api.get("/findings/{finding_id}", operation_id="get_finding")
async def get_finding(
    finding_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> FindingDetail:
    """A finding with its reminders and their delivery log."""
    return tagged(response, await service.show(session, principal, finding_id))


@api.patch("/findings/{finding_id}", operation_id="update_finding")
async def update_finding(
    finding_id: uuid.UUID,
    body: FindingUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> FindingDetail:
    """Acknowledge (optionally with snoozed_until), dismiss with a reason, or re-open."""
    return tagged(response, await service.update(session, principal, finding_id, body, if_match))
