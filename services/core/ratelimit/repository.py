"""The rate counters' SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db import dialect
from services.core.ratelimit.models import RateCounter


async def add(session: AsyncSession, scope: str, start: dt.datetime, hits: int) -> int:
    """Adds ``hits`` to the window's counter and returns its new total."""
    upsert = dialect.upsert(
        dialect.name(session),
        RateCounter,
        {"scope": scope, "window_start": start, "count": hits},
        conflict=[RateCounter.scope, RateCounter.window_start],
        set_={"count": RateCounter.count + hits},
    ).returning(RateCounter.count)
    return int((await session.execute(upsert)).scalar_one())


async def take_one(session: AsyncSession, scope: str, start: dt.datetime) -> None:
    """Lowers the window's counter by one, never below zero."""
    await session.execute(
        update(RateCounter)
        .where(
            RateCounter.scope == scope,
            RateCounter.window_start == start,
            RateCounter.count > 0,
        )
        .values(count=RateCounter.count - 1)
    )


async def clear(session: AsyncSession, scope: str) -> None:
    await session.execute(delete(RateCounter).where(RateCounter.scope == scope))


async def purge(session: AsyncSession, before: dt.datetime) -> None:
    await session.execute(delete(RateCounter).where(RateCounter.window_start < before))
