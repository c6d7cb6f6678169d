from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.idempotency.models import IdempotencyRecord


async def find(session: AsyncSession, scope: str, key: str) -> IdempotencyRecord | None:
    stmt = select(IdempotencyRecord).where(
        IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
    )
    return (await session.scalars(stmt)).first()


async def reserve(session: AsyncSession, scope: str, key: str, fingerprint: str) -> bool:
    """Claim the key; False when someone holds it already (the unique key decides races)."""
    try:
        async with session.begin_nested():
            session.add(IdempotencyRecord(scope=scope, key=key, fingerprint=fingerprint))
        return True
    except IntegrityError:
        return False


async def complete(
    session: AsyncSession,
    scope: str,
    key: str,
    status_code: int,
    headers: dict[str, Any],
    body: bytes,
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
        .values(state="done", status_code=status_code, headers=headers, body=body)
    )


async def release(session: AsyncSession, scope: str, key: str, *, only_pending: bool) -> None:
    stmt = delete(IdempotencyRecord).where(
        IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
    )
    if only_pending:
        stmt = stmt.where(IdempotencyRecord.state == "pending")
    await session.execute(stmt)


async def purge_older_than(session: AsyncSession, cutoff: dt.datetime) -> None:
    await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
