"""Fixed-window counters in the database, so every API replica sees the same counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db.engine import unit_of_work
from services.core.ratelimit import repository as repo


@dataclass(frozen=True)
class Window:
    count: int
    limit: int
    resets_in: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def resets_in(now: dt.datetime, start: dt.datetime, seconds: int) -> int:
    return max(1, int((start + dt.timedelta(seconds=seconds) - now).total_seconds()) + 1)


async def hit(
    sessionmaker: async_sessionmaker[AsyncSession],
    scope: str,
    *,
    limit: int,
    seconds: int,
    now: dt.datetime,
) -> Window:
    """Count one event in the current window (in a transaction of its own) and report."""
    async with unit_of_work(sessionmaker) as session:
        return await count(session, scope, limit=limit, seconds=seconds, now=now)


async def count(
    session: AsyncSession, scope: str, *, limit: int, seconds: int, now: dt.datetime
) -> Window:
    """``hit`` in the caller's write transaction, which must commit for the count to stay."""
    start = window_start(now, seconds)
    counted = await add(session, scope, start, 1)
    return Window(count=counted, limit=limit, resets_in=resets_in(now, start, seconds))


async def add(session: AsyncSession, scope: str, start: dt.datetime, hits: int) -> int:
    """Adds ``hits`` to the window's counter and returns its new total."""
    return await repo.add(session, scope, start, hits)


async def give_back(session: AsyncSession, scope: str, *, seconds: int, now: dt.datetime) -> None:
    """Takes back one event that ``count`` counted at ``now``, in the caller's transaction."""
    await repo.take_one(session, scope, window_start(now, seconds))


async def clear(session: AsyncSession, scope: str) -> None:
    """Forgets every window of ``scope``, in the caller's transaction."""
    await repo.clear(session, scope)


async def purge(session: AsyncSession, before: dt.datetime) -> None:
    await repo.purge(session, before)
