from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response
from fastapi.responses import JSONResponse

from services.api.deps import IfMatch, PrincipalDep, Session, SettingsDep
from services.api.routers.common import created, created_item, router, tagged
from services.core.common.schema import ListParams, Page
from services.core.db.types import utcnow
from services.core.invitations import service as invitations
from services.core.invitations.schemas import InvitationCreate
from services.core.networks import service
from services.core.networks.schemas import (
    MemberByEmail,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    NetworkCreate,
    NetworkRead,
    NetworkUpdate,
)

api = router("networks")


@api.get("/networks", operation_id="list_networks")
async def list_networks(
    principal: PrincipalDep, session: Session, params: Annotated[ListParams, Query()]
) -> Page[NetworkRead]:
    """Networks the caller has a role in (site admins: all)."""
    return await service.list_networks(session, principal, limit=params.limit, cursor=params.cursor)


@api.post("/networks", operation_id="create_network", status_code=201)
async def create_network(
    body: NetworkCreate, principal: PrincipalDep, session: Session, response: Response
) -> NetworkRead:
    """Create a network (site admins only)."""
    shown = await service.create(session, principal, body)
    return created_item(response, "networks", shown)


@api.get("/networks/{network_id}", operation_id="get_network")
async def get_network(
    network_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> NetworkRead:
    return tagged(response, await service.show(session, principal, network_id))


@api.patch("/networks/{network_id}", operation_id="update_network")
async def update_network(
    network_id: uuid.UUID,
    body: NetworkUpdate,
    principal: PrincipalDep,
    session: Session,
    response: Response,
    if_match: IfMatch = None,
) -> NetworkRead:
    """Change a network, including its reminder policy (coordinators)."""
    return tagged(response, await service.update(session, principal, network_id, body, if_match))


@api.delete("/networks/{network_id}", operation_id="delete_network", status_code=204)
async def delete_network(network_id: uuid.UUID, principal: PrincipalDep, session: Session) -> None:
    """Delete a network and everything in it (site admins only)."""
    await service.delete(session, principal, network_id)


@api.get("/networks/{network_id}/members", operation_id="list_members")
async def list_members(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    params: Annotated[ListParams, Query()],
) -> Page[MemberRead]:
    """Who has which role in the network."""
    return await service.list_members(
        session, principal, network_id, limit=params.limit, cursor=params.cursor
    )


@api.post(
    "/networks/{network_id}/members",
    operation_id="add_member",
    response_model=MemberRead,
    status_code=201,
    responses={
        202: {
            "model": MemberByEmail,
            "description": "Asked by email: the same answer whether or not the user exists.",
        }
    },
)
async def add_member(
    network_id: uuid.UUID,
    body: MemberCreate,
    principal: PrincipalDep,
    session: Session,
    settings: SettingsDep,
    response: Response,
) -> MemberRead | JSONResponse:
    """Bring someone into the network (coordinators and site admins).

    By email: the address is sent an invitation (as `POST /networks/{id}/invitations` does),
    and the answer is 202 with the email and role whether or not anyone has an account with
    it, so that it cannot be used to find out who uses Drumbeat. They join when they accept.
    By user_id (site admins only): 201 with the membership at once (an unknown id is a 422).
    Someone who is already a member is a 409 either way.
    """
    if body.email is not None:
        await invitations.invite(
            session,
            principal,
            network_id,
            InvitationCreate(email=body.email, role=body.role),
            settings,
            utcnow(),
        )
        answer = MemberByEmail(email=body.email.lower(), role=body.role)
        return JSONResponse(answer.model_dump(mode="json"), status_code=202)
    member = await service.add_member(session, principal, network_id, body)
    created(response, f"/memberships/{member.id}")
    return member


@api.patch("/memberships/{membership_id}", operation_id="update_member")
async def update_member(
    membership_id: uuid.UUID, body: MemberUpdate, principal: PrincipalDep, session: Session
) -> MemberRead:
    """Change someone's role (coordinators); a network keeps at least one coordinator."""
    return await service.update_member(session, principal, membership_id, body)


@api.delete("/memberships/{membership_id}", operation_id="remove_member", status_code=204)
async def remove_member(
    membership_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> None:
    """Take someone's role away (coordinators)."""
    await service.remove_member(session, principal, membership_id)
