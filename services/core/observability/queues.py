"""Queue depth and lag, read from the database: the same figures whichever process asks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.observability.metrics import QUEUE_DEPTH, QUEUE_LAG
from services.core.reminders.models import Reminder
from services.core.webhooks.models import WebhookDelivery


async def measure(sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime) -> None:
    async with sessionmaker() as session:
        reminders = (
            await session.execute(
                select(func.count(), func.min(Reminder.due_at)).where(
                    Reminder.status == "pending", Reminder.due_at <= now
                )
            )
        ).one()
        deliveries = (
            await session.execute(
                select(func.count(), func.min(WebhookDelivery.next_attempt_at)).where(
                    or_(WebhookDelivery.status == "pending", WebhookDelivery.status == "failed"),
                    WebhookDelivery.next_attempt_at <= now,
                )
            )
        ).one()
    for queue, (depth, oldest) in (("reminders", reminders), ("webhooks", deliveries)):
        QUEUE_DEPTH.labels(queue).set(int(depth or 0))
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.UTC)
        QUEUE_LAG.labels(queue).set((now - oldest).total_seconds() if oldest else 0.0)
