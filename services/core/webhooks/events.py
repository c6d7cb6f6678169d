"""Emitting webhook events: the outbox half, inside the caller's transaction.

An event and its deliveries are rows written with the change they announce, so a change
that rolls back emits nothing and one that commits is never lost; the worker sends them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db.types import utcnow, uuid7
from services.core.observability import logs
from services.core.webhooks import repository as repo
from services.core.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _event(
    network_id: uuid.UUID, event_type: str, data: dict[str, Any], now: dt.datetime
) -> WebhookEvent:
    payload = {"type": event_type, "timestamp": rfc3339(now), "data": data}
    return WebhookEvent(
        id=uuid7(),
        network_id=network_id,
        type=event_type,
        payload=payload,
        created_at=now,
        request_id=logs.request_id.get(),
    )


def _delivery(event: WebhookEvent, endpoint: WebhookEndpoint, now: dt.datetime) -> WebhookDelivery:
    return WebhookDelivery(
        id=uuid7(),
        event_id=event.id,
        endpoint_id=endpoint.id,
        network_id=event.network_id,
        event_type=event.type,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        log=[],
    )


async def _add_event(session: AsyncSession, event: WebhookEvent) -> None:
    # The models have no relationship() between them, so the unit of work does not know an
    # event must be inserted before the deliveries that reference it: flush it on its own.
    session.add(event)
    await session.flush()


async def emit(
    session: AsyncSession,
    network_id: uuid.UUID,
    event_type: str,
    data: dict[str, Any],
    *,
    now: dt.datetime | None = None,
) -> None:
    """Queue ``event_type`` for every active endpoint of the network subscribed to it.

    ``data`` is the resource as the API returns it (a Read schema dumped in JSON mode).
    ``now`` is the event's timestamp and first delivery time; a worker pass passes its own.
    """
    await emit_many(session, network_id, event_type, [data], now=now)


async def announce(
    session: AsyncSession, network_id: uuid.UUID, read: BaseModel, *event_types: str
) -> None:
    """Queue each of ``event_types`` about one resource; ``read`` is it as the API shows it,
    so every event about one change carries the same data."""
    data = read.model_dump(mode="json")
    for event_type in event_types:
        await emit(session, network_id, event_type, data)


async def listening(session: AsyncSession, network_id: uuid.UUID, event_type: str) -> bool:
    """Whether any active endpoint of the network wants ``event_type`` (spare the payloads)."""
    return bool(await repo.subscribed(session, network_id, event_type))


async def emit_many(
    session: AsyncSession,
    network_id: uuid.UUID,
    event_type: str,
    items: list[dict[str, Any]],
    *,
    now: dt.datetime | None = None,
) -> None:
    """``emit`` for many resources at once (a detection pass), asking for subscribers once."""
    if not items:
        return
    endpoints = await repo.subscribed(session, network_id, event_type)
    if not endpoints:
        # Nobody listens: an event row would only be garbage to purge later.
        return
    moment = now or utcnow()
    batch = [_event(network_id, event_type, data, moment) for data in items]
    session.add_all(batch)
    # The models have no relationship() between them, so the unit of work does not know the
    # events must be inserted before the deliveries that reference them: flush them first.
    await session.flush()
    session.add_all(_delivery(event, endpoint, moment) for event in batch for endpoint in endpoints)
    await session.flush()


async def emit_to(
    session: AsyncSession,
    endpoint: WebhookEndpoint,
    event_type: str,
    data: dict[str, Any],
    *,
    now: dt.datetime | None = None,
) -> WebhookDelivery:
    """Queue one event for one endpoint, whatever it subscribed to (test sends)."""
    moment = now or utcnow()
    event = _event(endpoint.network_id, event_type, data, moment)
    await _add_event(session, event)
    delivery = _delivery(event, endpoint, moment)
    session.add(delivery)
    await session.flush()
    return delivery
