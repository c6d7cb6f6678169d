"""Networks and who holds which role in them."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match
from services.core.common.errors import Conflict, Forbidden, NotFound, ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.db.types import utcnow
from services.core.networks import repository as repo
from services.core.networks.models import Membership, Network
from services.core.networks.schemas import (
    MemberCreate,
    MemberRead,
    MemberUpdate,
    NetworkCreate,
    NetworkRead,
    NetworkUpdate,
)
from services.core.users import repository as users_repo
from services.core.users.models import User


def _read(network: Network, principal: Principal) -> NetworkRead:
    read = NetworkRead.model_validate(network)
    role = principal.role_in(network.id)
    read.my_role = role.name if role else None  # type: ignore[assignment]
    return read


def _shown(network: Network, principal: Principal) -> Shown[NetworkRead]:
    return Shown(_read(network, principal), network.version)


async def get(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> Network:
    principal.require(network_id, Role.viewer, "network")
    network = await repo.by_id(session, network_id)
    if network is None:
        raise NotFound("network")
    return network


async def show(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> Shown[NetworkRead]:
    """One network as the caller sees it (with their role in it)."""
    return _shown(await get(session, principal, network_id), principal)


async def list_networks(
    session: AsyncSession, principal: Principal, *, limit: int, cursor: str | None
) -> Page[NetworkRead]:
    stmt = repo.visible(principal.visible_networks())
    order = [Network.name, Network.id]
    page = await paginate(session, stmt, order, limit=limit, cursor=cursor)
    return page.map(lambda network: _read(network, principal))


async def create(
    session: AsyncSession, principal: Principal, data: NetworkCreate
) -> Shown[NetworkRead]:
    principal.require_admin()
    if await repo.by_slug(session, data.slug) is not None:
        raise ValidationFailed("/slug", "another network already uses this slug", "slug_taken")
    values = data.model_dump()
    values["reminders_since"] = values["reminders_since"] or utcnow()
    network = Network(**values, created_by=principal.user_id)
    session.add(network)
    await session.flush()
    return _shown(network, principal)


async def update(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    data: NetworkUpdate,
    if_match: str | None,
) -> Shown[NetworkRead]:
    network = await get(session, principal, network_id)
    principal.require(network_id, Role.coordinator, "network")
    await check_if_match(session, network, if_match)
    changes = data.changes()
    slug = changes.get("slug")
    if slug and slug != network.slug and await repo.by_slug(session, slug) is not None:
        raise ValidationFailed("/slug", "another network already uses this slug", "slug_taken")
    for name, value in changes.items():
        setattr(network, name, value)
    await session.flush()
    return _shown(network, principal)


async def delete(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> None:
    network = await get(session, principal, network_id)
    principal.require_admin()
    await session.delete(network)
    await session.flush()


def _member_read(membership: Membership, user: User) -> MemberRead:
    return MemberRead(
        id=membership.id,
        network_id=membership.network_id,
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=membership.role,
        created_at=membership.created_at,
    )


async def _member_read_one(session: AsyncSession, membership: Membership) -> MemberRead:
    users = await repo.users_by_id(session, [membership.user_id])
    return _member_read(membership, users[membership.user_id])


async def list_members(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> Page[MemberRead]:
    await get(session, principal, network_id)
    page = await paginate(
        session,
        repo.members(network_id),
        [Membership.created_at, Membership.id],
        limit=limit,
        cursor=cursor,
    )
    users = await repo.users_by_id(session, [m.user_id for m in page.items])
    return page.map(lambda m: _member_read(m, users[m.user_id]))


async def add_member(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: MemberCreate
) -> MemberRead:
    """A site admin gives an existing account a role directly. Coordinators invite by email
    instead (see invitations): nobody joins a network without accepting."""
    await get(session, principal, network_id)
    principal.require(network_id, Role.coordinator, "network")
    if not principal.is_admin:
        raise Forbidden(
            "People join a network by accepting an invitation: invite them by email instead."
        )
    assert data.user_id is not None
    user = await users_repo.by_id(session, data.user_id)
    if user is None:
        raise ValidationFailed("/user_id", "no user with this identity exists", "not_found")
    if await repo.membership_of(session, network_id, user.id) is not None:
        raise Conflict("This user is already a member of the network; change their role instead.")
    membership = Membership(network_id=network_id, user_id=user.id, role=data.role)
    session.add(membership)
    await session.flush()
    return await _member_read_one(session, membership)


async def _membership(
    session: AsyncSession, principal: Principal, membership_id: uuid.UUID
) -> Membership:
    membership = await repo.membership(session, membership_id)
    return principal.require_found(membership, Role.coordinator, "member")


async def _lowering(
    session: AsyncSession, principal: Principal, membership_id: uuid.UUID
) -> Membership:
    """The membership about to stop being a coordinator's (demoted or removed), once it is
    certain that another coordinator stays.

    Two coordinators demoting each other at once must not both pass the check: counting
    alone, each sees the other still there. The network's coordinator rows are locked first,
    so the second waits for the first to commit and then counts what the first left.
    """
    membership = await _membership(session, principal, membership_id)
    coordinators = await repo.lock_coordinators(session, membership.network_id)
    # Read again under the lock: its role may have changed since the first read.
    current = await repo.locked_membership(session, membership_id)
    if current is None:
        raise NotFound("member")
    others = [c for c in coordinators if c != current.id]
    if current.role == "coordinator" and not others:
        raise Conflict("A network needs at least one coordinator; appoint another one first.")
    return current


async def update_member(
    session: AsyncSession, principal: Principal, membership_id: uuid.UUID, data: MemberUpdate
) -> MemberRead:
    if data.role == "coordinator":
        membership = await _membership(session, principal, membership_id)
    else:
        membership = await _lowering(session, principal, membership_id)
    membership.role = data.role
    await session.flush()
    return await _member_read_one(session, membership)


async def remove_member(
    session: AsyncSession, principal: Principal, membership_id: uuid.UUID
) -> None:
    membership = await _lowering(session, principal, membership_id)
    await session.delete(membership)
    await session.flush()
