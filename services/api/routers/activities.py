from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import created_item, router, tagged
from services.core.activities import service
from services.core.activities.schemas import (
    ActivityCreate,
    ActivityFilters,
    ActivityRead,
    ActivityUpdate,
)
from services.core.common.schema import Page

api = router("activities")


@api.get("/networks/{network_id}/activities", operation_id="list_activities")
async def list_activities(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[ActivityFilters, Query()],
) -> Page[ActivityRead]:
    """Activities, newest start first."""
    return await service.list_activities(
        session, principal, network_id, filters, limit=filters.limit, cursor=filters.cursor
    )


@api.post("/networks/{network_id}/activities", operation_id="create_activity", status_code=201)
async def create_activity(
    network_id: uuid.UUID,
    body: ActivityCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> ActivityRead:
    shown = await service.create(session, principal, network_id, body)
    return created_item(response, "activities", shown)


@api.get("/activities/{activity_id}", operation_id="get_activity")
async def get_activity(
    activity_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> ActivityRead:
    return tagged(response, await service.show(session, principal, activity_id))


@api.patch("/activities/{activity_id}", operation_id="update_activity")
async def update_activity(
    activity_id: uuid.UUID,
    body: ActivityUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> ActivityRead:
    return tagged(response, await service.update(session, principal, activity_id, body, if_match))


@api.delete("/activities/{activity_id}", operation_id="delete_activity", status_code=204)
async def delete_activity(
    activity_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    """Delete an activity with its follow-ups."""
    await service.delete(session, principal, activity_id)
