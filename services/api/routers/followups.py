from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import created_item, router, tagged
from services.core.common.schema import ListParams, Page
from services.core.followups import service
from services.core.followups.schemas import (
    FollowUpCreate,
    FollowUpFilters,
    FollowUpRead,
    FollowUpUpdate,
)

api = router("follow-ups")


@api.get("/activities/{activity_id}/follow-ups", operation_id="list_activity_follow_ups")
async def list_activity_follow_ups(
    activity_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    params: Annotated[ListParams, Query()],
) -> Page[FollowUpRead]:
    """An activity's follow-ups, by due date."""
    return await service.list_for_activity(
        session, principal, activity_id, limit=params.limit, cursor=params.cursor
    )


@api.post("/activities/{activity_id}/follow-ups", operation_id="create_follow_up", status_code=201)
async def create_follow_up(
    activity_id: uuid.UUID,
    body: FollowUpCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> FollowUpRead:
    shown = await service.create(session, principal, activity_id, body)
    return created_item(response, "follow-ups", shown)


@api.get("/networks/{network_id}/follow-ups", operation_id="list_network_follow_ups")
async def list_network_follow_ups(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[FollowUpFilters, Query()],
) -> Page[FollowUpRead]:
    """Follow-ups across the network, by due date; `mine=true` for the caller's own."""
    return await service.list_follow_ups(
        session, principal, network_id, filters, limit=filters.limit, cursor=filters.cursor
    )


@api.get("/follow-ups/{follow_up_id}", operation_id="get_follow_up")
async def get_follow_up(
    follow_up_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> FollowUpRead:
    return tagged(response, await service.show(session, principal, follow_up_id))


@api.patch("/follow-ups/{follow_up_id}", operation_id="update_follow_up")
async def update_follow_up(
    follow_up_id: uuid.UUID,
    body: FollowUpUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> FollowUpRead:
    return tagged(response, await service.update(session, principal, follow_up_id, body, if_match))


@api.delete("/follow-ups/{follow_up_id}", operation_id="delete_follow_up", status_code=204)
async def delete_follow_up(
    follow_up_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    await service.delete(session, principal, follow_up_id)
