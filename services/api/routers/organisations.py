from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import created_item, router, tagged
from services.core.common.schema import Page
from services.core.organisations import service
from services.core.organisations.schemas import (
    OrganisationCreate,
    OrganisationFilters,
    OrganisationRead,
    OrganisationUpdate,
)

api = router("organisations")


@api.get("/networks/{network_id}/organisations", operation_id="list_organisations")
async def list_organisations(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[OrganisationFilters, Query()],
) -> Page[OrganisationRead]:
    """Member organisations, by name."""
    return await service.list_organisations(
        session, principal, network_id, filters, limit=filters.limit, cursor=filters.cursor
    )


@api.post(
    "/networks/{network_id}/organisations",
    operation_id="create_organisation",
    status_code=201,
)
async def create_organisation(
    network_id: uuid.UUID,
    body: OrganisationCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> OrganisationRead:
    shown = await service.create(session, principal, network_id, body)
    return created_item(response, "organisations", shown)


@api.get("/organisations/{organisation_id}", operation_id="get_organisation")
async def get_organisation(
    organisation_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> OrganisationRead:
    return tagged(response, await service.show(session, principal, organisation_id))


@api.patch("/organisations/{organisation_id}", operation_id="update_organisation")
async def update_organisation(
    organisation_id: uuid.UUID,
    body: OrganisationUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> OrganisationRead:
    return tagged(
        response, await service.update(session, principal, organisation_id, body, if_match)
    )


@api.delete("/organisations/{organisation_id}", operation_id="delete_organisation", status_code=204)
async def delete_organisation(
    organisation_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    """Delete an organisation; it disappears from the activities it took part in."""
    await service.delete(session, principal, organisation_id)
