"""Invitations: coordinators invite by email; the invitee accepts with the emailed link."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request, Response

from services.api.deps import (
    OptionalCallerDep,
    PasswordsDep,
    PrincipalDep,
    Session,
    SettingsDep,
)
from services.api.routers.auth import sign_in
from services.api.routers.common import API_PREFIX, router
from services.core.common.schema import Page
from services.core.db.types import utcnow
from services.core.invitations import service
from services.core.invitations.schemas import (
    InvitationAccept,
    InvitationCreate,
    InvitationFilters,
    InvitationPreview,
    InvitationRead,
)
from services.core.users import service as users
from services.core.users.schemas import SessionRead
from services.core.users.service import session_read

api = router("invitations")


@api.post(
    "/networks/{network_id}/invitations",
    operation_id="create_invitation",
    status_code=201,
    responses={200: {"model": InvitationRead, "description": "A pending invitation refreshed."}},
)
async def create_invitation(
    network_id: uuid.UUID,
    body: InvitationCreate,
    principal: PrincipalDep,
    session: Session,
    settings: SettingsDep,
    response: Response,
) -> InvitationRead:
    """Invite an address to the network with a role (coordinators and site admins).

    The invitee gets an email with a link valid for 14 days. Inviting an address that has a
    pending invitation refreshes it (200: new link, new expiry, sent again) instead of making
    a second. The answer is the same whether or not the address has an account.
    """
    invitation, created = await service.invite(
        session, principal, network_id, body, settings, utcnow()
    )
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"{API_PREFIX}/invitations/{invitation.id}"
    return invitation


@api.get("/networks/{network_id}/invitations", operation_id="list_invitations")
async def list_invitations(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    params: Annotated[InvitationFilters, Query()],
) -> Page[InvitationRead]:
    """The network's invitations, newest first (coordinators): pending ones by default."""
    return await service.list_invitations(
        session,
        principal,
        network_id,
        status=params.status,
        limit=params.limit,
        cursor=params.cursor,
        now=utcnow(),
    )


@api.post("/invitations/{invitation_id}/resend", operation_id="resend_invitation")
async def resend_invitation(
    invitation_id: uuid.UUID, principal: PrincipalDep, session: Session, settings: SettingsDep
) -> InvitationRead:
    """Send a pending invitation again, with a new link and a new expiry; the old link dies."""
    return await service.resend(session, principal, invitation_id, settings, utcnow())


@api.delete("/invitations/{invitation_id}", operation_id="revoke_invitation", status_code=204)
async def revoke_invitation(
    invitation_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> Response:
    """Revoke a pending invitation: its link stops working at once."""
    await service.revoke(session, principal, invitation_id)
    return Response(status_code=204)


@api.get("/invitations/{invitation_token}", operation_id="get_invitation")
async def get_invitation(invitation_token: str, session: Session) -> InvitationPreview:
    """What an invitation link offers (no sign-in needed). Used, revoked, expired: 404."""
    return await service.preview(session, invitation_token, utcnow())


@api.post("/invitations/{invitation_token}/accept", operation_id="accept_invitation")
async def accept_invitation(
    invitation_token: str,
    body: InvitationAccept,
    request: Request,
    response: Response,
    session: Session,
    settings: SettingsDep,
    passwords: PasswordsDep,
    caller: OptionalCallerDep,
) -> SessionRead:
    """Accept an invitation.

    For an address without an account, send `name` and `password`: the account is made, joins
    the network and is signed in (a session cookie, and the same body as login). For an
    address with an account, be signed in as that account and send `{}` (signed in as someone
    else: 403; not signed in: 401); only the membership is added. A link works once: 404 after.
    """
    now = utcnow()
    if caller is not None:
        user, csrf = caller.person()
        await service.accept_as(session, invitation_token, user.id, now)
        return session_read(user, csrf, await users.roles(session, user.id))
    # Hashed before the first query, which (on SQLite) takes the database's write lock.
    password_hash = await passwords.hash(body.password) if body.password is not None else None
    user = await service.accept_new(session, invitation_token, body.name, password_hash, now)
    return await sign_in(request, response, session, settings, user, "invitation")
