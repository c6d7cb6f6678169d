"""Invitations: how a person joins a network, by accepting a link sent to their address.

Nobody is put into a network without consent, so a coordinator never adds an account
directly: every address, whether it has an account or not, gets an invitation, and the
coordinator's answer is the same either way (coordinators cannot probe who uses Drumbeat).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail import service as outbox
from services.core.audit.recorder import Actor, set_actor
from services.core.common.authz import Principal, Role
from services.core.common.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)
from services.core.common.pagination import paginate
from services.core.common.schema import Page
from services.core.common.security import new_token, token_digest
from services.core.db.types import uuid7
from services.core.invitations import repository as repo
from services.core.invitations.models import Invitation, InvitationStatus
from services.core.invitations.schemas import (
    InvitationCreate,
    InvitationPreview,
    InvitationRead,
    InvitedNetwork,
    Inviter,
    ListedStatus,
)
from services.core.networks import repository as networks_repo
from services.core.networks.models import Membership, Network
from services.core.settings import Settings
from services.core.users import repository as users_repo
from services.core.users.models import User


def status_of(invitation: Invitation, now: dt.datetime) -> InvitationStatus:
    if invitation.status == "pending" and invitation.expires_at <= now:
        return "expired"
    status: InvitationStatus = invitation.status  # type: ignore[assignment]
    return status


def _read(invitation: Invitation, names: dict[uuid.UUID, str], now: dt.datetime) -> InvitationRead:
    by = invitation.invited_by
    return InvitationRead(
        id=invitation.id,
        network_id=invitation.network_id,
        email=invitation.email,
        role=invitation.role,
        status=status_of(invitation, now),
        expires_at=invitation.expires_at,
        invited_by=Inviter(id=by, name=names.get(by, "")) if by is not None else None,
        created_at=invitation.created_at,
        last_sent_at=invitation.last_sent_at,
    )


async def _shown(session: AsyncSession, invitation: Invitation, now: dt.datetime) -> InvitationRead:
    return _read(invitation, await repo.names_of(session, [invitation.invited_by]), now)


async def _network_for(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, what: str = "network"
) -> Network:
    network = await repo.network(session, network_id)
    if network is None:
        raise NotFound(what)
    principal.require(network_id, Role.coordinator, what)
    principal.require_person()
    return network


async def _send(
    session: AsyncSession,
    invitation: Invitation,
    network: Network,
    inviter: User | None,
    account: User | None,
    settings: Settings,
    now: dt.datetime,
) -> None:
    """A fresh token, a fresh expiry and the email that carries the link; ``account`` is the
    invited address's account, if it has one (its name, language and time zone)."""
    token = new_token()
    invitation.token_hash = token_digest(token)
    invitation.expires_at = now + dt.timedelta(days=settings.invitation_ttl_days)
    invitation.last_sent_at = now
    await session.flush()
    await outbox.enqueue(
        session,
        kind="invitation",
        subject_id=invitation.id,
        to_email=invitation.email,
        to_name=account.name if account else "",
        language=account.reads if account else (inviter.reads if inviter else "en"),
        timezone=account.timezone if account else network.timezone,
        link=f"{settings.public_url.rstrip('/')}/invitations/{token}",
        expires_at=invitation.expires_at,
        context={
            "network": network.name,
            "inviter": (inviter.name or inviter.email) if inviter else "",
            "role": invitation.role,
        },
    )


async def invite(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    data: InvitationCreate,
    settings: Settings,
    now: dt.datetime,
) -> tuple[InvitationRead, bool]:
    """The invitation and whether it is new; inviting a pending address again refreshes it."""
    network = await _network_for(session, principal, network_id)
    inviter = await users_repo.by_id(session, principal.require_person())
    email = data.email.lower()
    account = await users_repo.by_email(session, email)
    if account is not None and await networks_repo.membership_of(session, network_id, account.id):
        raise Conflict("This person is already a member of the network; change their role instead.")
    invitation = await repo.pending_in_network(session, network_id, email)
    created = invitation is None
    if invitation is None:
        invitation = Invitation(
            network_id=network_id,
            email=email,
            role=data.role,
            token_hash=token_digest(new_token()),
            expires_at=now,
            last_sent_at=now,
            invited_by=principal.user_id,
        )
        try:
            async with session.begin_nested():
                session.add(invitation)
                await session.flush()
        except IntegrityError:
            # Another coordinator invited the same address at this very moment: refresh theirs.
            invitation = await repo.pending_in_network(session, network_id, email)
            if invitation is None:
                raise
            created = False
    if not created:
        invitation.role = data.role
        invitation.invited_by = principal.user_id
    await _send(session, invitation, network, inviter, account, settings, now)
    return await _shown(session, invitation, now), created


async def list_invitations(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    *,
    status: ListedStatus,
    limit: int,
    cursor: str | None,
    now: dt.datetime,
) -> Page[InvitationRead]:
    await _network_for(session, principal, network_id)
    rows = await paginate(
        session,
        repo.listing(network_id, status, now),
        [Invitation.created_at, Invitation.id],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    names = await repo.names_of(session, [i.invited_by for i in rows.items])
    return Page(items=[_read(i, names, now) for i in rows.items], next_cursor=rows.next_cursor)


async def _managed(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID
) -> tuple[Invitation, Network]:
    invitation = await repo.locked(session, invitation_id)
    if invitation is None:
        raise NotFound("invitation")
    network = await _network_for(session, principal, invitation.network_id, "invitation")
    return invitation, network


async def resend(
    session: AsyncSession,
    principal: Principal,
    invitation_id: uuid.UUID,
    settings: Settings,
    now: dt.datetime,
) -> InvitationRead:
    invitation, network = await _managed(session, principal, invitation_id)
    if invitation.status != "pending":
        raise NotFound("invitation")
    inviter = await users_repo.by_id(session, principal.require_person())
    invitation.invited_by = principal.user_id
    account = await users_repo.by_email(session, invitation.email)
    await _send(session, invitation, network, inviter, account, settings, now)
    return await _shown(session, invitation, now)


async def revoke(session: AsyncSession, principal: Principal, invitation_id: uuid.UUID) -> None:
    invitation, _ = await _managed(session, principal, invitation_id)
    if invitation.status != "pending":
        raise NotFound("invitation")
    invitation.status = "revoked"
    await outbox.cancel(session, invitation.id)
    await session.flush()


async def preview(session: AsyncSession, token: str, now: dt.datetime) -> InvitationPreview:
    invitation = await repo.by_token(session, token_digest(token), now)
    if invitation is None:
        raise NotFound("invitation")
    network = await repo.network(session, invitation.network_id)
    assert network is not None  # the invitation goes with its network
    names = await repo.names_of(session, [invitation.invited_by])
    return InvitationPreview(
        network=InvitedNetwork(id=network.id, name=network.name),
        email=invitation.email,
        role=invitation.role,
        account_exists=await users_repo.by_email(session, invitation.email) is not None,
        invited_by_name=names.get(invitation.invited_by, "") if invitation.invited_by else "",
        expires_at=invitation.expires_at,
    )


async def claim(session: AsyncSession, token: str, now: dt.datetime) -> Invitation:
    """The live invitation for this token, locked so that two accepts cannot both use it."""
    invitation = await repo.by_token(session, token_digest(token), now, lock=True)
    if invitation is None:
        raise NotFound("invitation")
    return invitation


async def accept_as(
    session: AsyncSession, token: str, user_id: uuid.UUID, now: dt.datetime
) -> None:
    """The signed-in account ``user_id`` accepts the invitation sent to its address."""
    invitation = await claim(session, token, now)
    user = await users_repo.by_id(session, user_id)
    assert user is not None  # the caller was just authenticated
    await admit(session, invitation, user, now)


async def accept_new(
    session: AsyncSession,
    token: str,
    name: str | None,
    password_hash: str | None,
    now: dt.datetime,
) -> User:
    """A new account for the invited address, made from the invitation; it joins at once."""
    invitation = await claim(session, token, now)
    if await users_repo.by_email(session, invitation.email) is not None:
        raise NotAuthenticated(
            "This address already has an account: sign in with it, then accept the invitation."
        )
    if not name:
        raise ValidationFailed(
            "/name", "Enter your name, as your network will see it.", "name_required"
        )
    if password_hash is None:
        raise ValidationFailed(
            "/password", "Choose a password for your new account.", "password_required"
        )
    user = User(
        id=uuid7(), email=invitation.email, name=name, password_hash=password_hash, is_active=True
    )
    # The newcomer is the actor of their own joining (the audit log records who accepted).
    set_actor(session, Actor("user", user.id, user.email))
    session.add(user)
    await admit(session, invitation, user, now)
    return user


async def admit(
    session: AsyncSession, invitation: Invitation, user: User, now: dt.datetime
) -> None:
    """``user`` joins the invitation's network with its role; the invitation is used up.

    Someone already in the network keeps the higher of their role and the invited one: an
    invitation never demotes (nor removes a network's last coordinator).
    """
    if user.email.lower() != invitation.email:
        raise Forbidden("This invitation was sent to another address.")
    if not user.is_active:
        raise NotAuthenticated("This account is deactivated.")
    membership = await networks_repo.membership_of(session, invitation.network_id, user.id)
    if membership is None:
        session.add(
            Membership(network_id=invitation.network_id, user_id=user.id, role=invitation.role)
        )
    elif Role.parse(invitation.role) > Role.parse(membership.role):
        membership.role = invitation.role
    invitation.status = "accepted"
    invitation.accepted_by = user.id
    invitation.accepted_at = now
    await outbox.cancel(session, invitation.id)
    await session.flush()
