from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.idempotency.models import IdempotencyRecord


async def find(session: AsyncSession, scope: str, key: str) -> IdempotencyRecord | None:
    stmt = select(IdempotencyRecord).where(
        IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
    )
    return (await session.scalars(stmt)).first()


async def reserve(
    session: AsyncSession,
    scope: str,
    key: str,
    fingerprint: str,
    *,
    owner: str,
    until: dt.datetime,
) -> bool:
    """Claim the key; False when someone holds it already (the unique key decides races)."""
    record = IdempotencyRecord(
        scope=scope, key=key, fingerprint=fingerprint, lease_owner=owner, lease_expires_at=until
    )
    try:
        async with session.begin_nested():
            session.add(record)
        return True
    except IntegrityError:
        return False


async def take_over(
    session: AsyncSession,
    scope: str,
    key: str,
    fingerprint: str,
    *,
    owner: str,
    now: dt.datetime,
    until: dt.datetime,
) -> bool:
    """Claim a pending key for the same request whose lease ran out; False when it is live.

    One conditional UPDATE, so of two retries arriving together exactly one takes it over.
    """
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
            IdempotencyRecord.fingerprint == fingerprint,
            IdempotencyRecord.state == "pending",
            # Pending since before leases existed: nobody can still be running it.
            or_(
                IdempotencyRecord.lease_expires_at.is_(None),
                IdempotencyRecord.lease_expires_at < now,
            ),
        )
        .values(lease_owner=owner, lease_expires_at=until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def complete(
    session: AsyncSession,
    scope: str,
    key: str,
    owner: str,
    status_code: int,
    headers: dict[str, Any],
    body: bytes,
) -> bool:
    """Store the answer; False when a retry took the key over meanwhile (the lease ran out)."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
            IdempotencyRecord.lease_owner == owner,
        )
        .values(state="done", status_code=status_code, headers=headers, body=body)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def release(session: AsyncSession, scope: str, key: str, owner: str) -> None:
    """Free a key whose request ended without an answer, unless someone else now holds it."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
            IdempotencyRecord.state == "pending",
            IdempotencyRecord.lease_owner == owner,
        )
    )


async def purge_older_than(session: AsyncSession, cutoff: dt.datetime) -> None:
    await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
