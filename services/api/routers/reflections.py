from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session
from services.api.routers.common import created_item, router, tagged
from services.core.common.schema import Page
from services.core.reflections import service
from services.core.reflections.schemas import (
    ReflectionCreate,
    ReflectionFilters,
    ReflectionRead,
    ReflectionUpdate,
)

api = router("reflections")


@api.get("/networks/{network_id}/reflections", operation_id="list_reflections")
async def list_reflections(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[ReflectionFilters, Query()],
) -> Page[ReflectionRead]:
    """Reflections the caller may read, newest first."""
    return await service.list_reflections(
        session, principal, network_id, filters, limit=filters.limit, cursor=filters.cursor
    )


@api.post("/networks/{network_id}/reflections", operation_id="create_reflection", status_code=201)
async def create_reflection(
    network_id: uuid.UUID,
    body: ReflectionCreate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
) -> ReflectionRead:
    shown = await service.create(session, principal, network_id, body)
    return created_item(response, "reflections", shown)


@api.get("/reflections/{reflection_id}", operation_id="get_reflection")
async def get_reflection(
    reflection_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> ReflectionRead:
    return tagged(response, await service.show(session, principal, reflection_id))


@api.patch("/reflections/{reflection_id}", operation_id="update_reflection")
async def update_reflection(
    reflection_id: uuid.UUID,
    body: ReflectionUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> ReflectionRead:
    """Edit a reflection (its author only)."""
    return tagged(response, await service.update(session, principal, reflection_id, body, if_match))


@api.delete("/reflections/{reflection_id}", operation_id="delete_reflection", status_code=204)
async def delete_reflection(
    reflection_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    """Delete a reflection (its author, or a coordinator)."""
    await service.delete(session, principal, reflection_id)
