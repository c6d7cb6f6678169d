from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.apikeys.models import ApiKey
from services.core.common.callercache import BOOKKEEPING


async def by_id(session: AsyncSession, key_id: uuid.UUID) -> ApiKey | None:
    return await session.get(ApiKey, key_id)


async def by_prefix(session: AsyncSession, prefix: str) -> ApiKey | None:
    return (await session.scalars(select(ApiKey).where(ApiKey.prefix == prefix))).first()


def listing(network_id: uuid.UUID, include_revoked: bool) -> Select[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.network_id == network_id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return stmt


async def touch(session: AsyncSession, key_id: uuid.UUID, now: dt.datetime) -> None:
    # A plain UPDATE: last use is bookkeeping, not an edit, so it bumps no version or audit.
    await session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .values(last_used_at=now)
        .execution_options(synchronize_session=False, **{BOOKKEEPING: True})
    )
