from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail.models import AccountEmail
from services.core.db import leases


async def cancel_for(session: AsyncSession, subject_id: uuid.UUID) -> None:
    """Cancels the unsent emails about this invitation or reset, erasing their links."""
    await session.execute(
        update(AccountEmail)
        .where(AccountEmail.subject_id == subject_id, AccountEmail.status == "pending")
        .values(status="cancelled", link=None)
        .execution_options(synchronize_session=False)
    )


async def claim_due(
    session: AsyncSession, *, owner: str, now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[AccountEmail]:
    return await leases.claim(
        session,
        AccountEmail,
        ready=(AccountEmail.status == "pending") & (AccountEmail.next_attempt_at <= now),
        order_by=[AccountEmail.next_attempt_at, AccountEmail.id],
        owner=owner,
        now=now,
        lease=lease,
        limit=limit,
    )


async def owned(session: AsyncSession, email_id: uuid.UUID, owner: str) -> AccountEmail | None:
    stmt = select(AccountEmail).where(
        AccountEmail.id == email_id, leases.still_ours(AccountEmail, owner)
    )
    return (await session.scalars(stmt)).first()


async def for_subjects(
    session: AsyncSession, subject_ids: Sequence[uuid.UUID]
) -> list[AccountEmail]:
    stmt = select(AccountEmail).where(AccountEmail.subject_id.in_(subject_ids))
    return list((await session.scalars(stmt.order_by(AccountEmail.created_at))).all())
