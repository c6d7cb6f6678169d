"""Queue depth and lag, read from the database: the same figures whichever process asks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.observability.metrics import QUEUE_DEPTH, QUEUE_LAG
from services.core.reminders import repository as reminders_repo
from services.core.webhooks import repository as webhooks_repo


async def measure(sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime) -> None:
    async with sessionmaker() as session:
        reminders = await reminders_repo.due_backlog(session, now)
        deliveries = await webhooks_repo.due_backlog(session, now)
    for queue, (depth, oldest) in (("reminders", reminders), ("webhooks", deliveries)):
        QUEUE_DEPTH.labels(queue).set(depth)
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.UTC)
        QUEUE_LAG.labels(queue).set((now - oldest).total_seconds() if oldest else 0.0)
