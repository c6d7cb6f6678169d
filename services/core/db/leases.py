"""Work claimed by a worker replica for a limited time.

A claim marks rows with the claimant and a lease expiry in a short transaction of its own.
On PostgreSQL the candidate rows are picked ``FOR UPDATE SKIP LOCKED``, so replicas claiming
at the same moment take disjoint batches without waiting on each other. A replica that dies
holding a lease simply lets it expire; the rows become claimable again. Finishing a row
checks the lease is still ours, so a replica that was presumed dead cannot overwrite the
work of the one that took over.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db import dialect

T = TypeVar("T")


async def claim(
    session: AsyncSession,
    model: type[T],
    *,
    ready: ColumnElement[bool],
    order_by: Sequence[Any],
    owner: str,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> list[T]:
    table: Any = model
    free = or_(table.lease_expires_at.is_(None), table.lease_expires_at < now)
    pick = select(table.id).where(ready, free).order_by(*order_by).limit(limit)
    pick = dialect.skip_locked(dialect.name(session), pick)
    ids: list[uuid.UUID] = list((await session.scalars(pick)).all())
    if not ids:
        return []
    await session.execute(
        update(table)
        .where(table.id.in_(ids))
        .values(lease_owner=owner, lease_expires_at=now + lease)
        .execution_options(synchronize_session=False)
    )
    rows = await session.scalars(select(table).where(table.id.in_(ids)).order_by(*order_by))
    return list(rows.all())


def still_ours(model: Any, owner: str) -> ColumnElement[bool]:
    """The condition a finishing update must carry: the lease was not taken over."""
    clause: ColumnElement[bool] = model.lease_owner == owner
    return clause


class _Leased(Protocol):
    lease_owner: str | None
    lease_expires_at: dt.datetime | None


def release(row: _Leased) -> None:
    """Give the row's lease back, so the next claim may take it (or it is finished)."""
    row.lease_owner = None
    row.lease_expires_at = None


class _Attempted(_Leased, Protocol):
    attempts: int


def end_attempt(row: _Attempted) -> int:
    """Count the attempt just made, whatever its outcome, and give the lease back; returns
    how many attempts the row has had, which decides whether it may be retried."""
    row.attempts += 1
    release(row)
    return row.attempts


def append_log(
    log: Sequence[dict[str, Any]] | None, entry: dict[str, Any], limit: int
) -> list[dict[str, Any]]:
    """``log`` with ``entry`` appended, keeping only the newest ``limit`` entries.

    An outbox row records every attempt; a row retried for days must not grow without bound.
    """
    return [*(log or []), entry][-limit:]
