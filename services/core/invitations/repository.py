from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.invitations.models import Invitation
from services.core.invitations.schemas import ListedStatus
from services.core.networks.models import Network
from services.core.users.models import User


async def by_id(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation | None:
    return await session.get(Invitation, invitation_id)


async def locked(session: AsyncSession, invitation_id: uuid.UUID) -> Invitation | None:
    stmt = select(Invitation).where(Invitation.id == invitation_id).with_for_update()
    return (await session.scalars(stmt)).first()


async def by_token(
    session: AsyncSession, token_hash: str, now: dt.datetime, *, lock: bool = False
) -> Invitation | None:
    """The pending, unexpired invitation whose link carries this token."""
    stmt = select(Invitation).where(
        Invitation.token_hash == token_hash,
        Invitation.status == "pending",
        Invitation.expires_at > now,
    )
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def pending_in_network(
    session: AsyncSession, network_id: uuid.UUID, email: str
) -> Invitation | None:
    """The one stored-as-pending invitation for this address (expired or not), locked."""
    stmt = (
        select(Invitation)
        .where(
            Invitation.network_id == network_id,
            Invitation.email == email,
            Invitation.status == "pending",
        )
        .with_for_update()
    )
    return (await session.scalars(stmt)).first()


async def pending_for_email(
    session: AsyncSession, email: str, now: dt.datetime
) -> list[Invitation]:
    """Every network's live invitation for this address (for single sign-on's admission)."""
    stmt = (
        select(Invitation)
        .where(
            Invitation.email == email.lower(),
            Invitation.status == "pending",
            Invitation.expires_at > now,
        )
        .order_by(Invitation.created_at)
    )
    return list((await session.scalars(stmt)).all())


def listing(network_id: uuid.UUID, status: ListedStatus, now: dt.datetime) -> Select[Invitation]:
    stmt = select(Invitation).where(Invitation.network_id == network_id)
    match status:
        case "pending":
            stmt = stmt.where(Invitation.status == "pending", Invitation.expires_at > now)
        case "expired":
            stmt = stmt.where(Invitation.status == "pending", Invitation.expires_at <= now)
        case "accepted" | "revoked":
            stmt = stmt.where(Invitation.status == status)
        case "all":
            pass
    return stmt


async def names_of(session: AsyncSession, ids: Sequence[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(User.id, User.name, User.email).where(User.id.in_(wanted))
    return {row.id: row.name or row.email for row in (await session.execute(stmt)).all()}


async def network(session: AsyncSession, network_id: uuid.UUID) -> Network | None:
    return await session.get(Network, network_id)
