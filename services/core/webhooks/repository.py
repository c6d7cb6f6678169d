from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db import dialect
from services.core.db.leases import still_ours
from services.core.networks.models import Membership
from services.core.users.models import User
from services.core.webhooks.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


async def endpoint_by_id(session: AsyncSession, endpoint_id: uuid.UUID) -> WebhookEndpoint | None:
    return await session.get(WebhookEndpoint, endpoint_id)


def endpoints_of(network_id: uuid.UUID) -> Select[WebhookEndpoint]:
    return select(WebhookEndpoint).where(WebhookEndpoint.network_id == network_id)


async def subscribed(
    session: AsyncSession, network_id: uuid.UUID, event_type: str
) -> list[WebhookEndpoint]:
    stmt = endpoints_of(network_id).where(
        WebhookEndpoint.active.is_(True),
        dialect.json_array_contains(dialect.name(session), WebhookEndpoint.event_types, event_type),
    )
    return list((await session.scalars(stmt.order_by(WebhookEndpoint.id))).all())


async def delivery_by_id(session: AsyncSession, delivery_id: uuid.UUID) -> WebhookDelivery | None:
    return await session.get(WebhookDelivery, delivery_id)


def deliveries_of(endpoint_id: uuid.UUID, status: DeliveryStatus | None) -> Select[WebhookDelivery]:
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    return stmt


async def endpoints_by_id(
    session: AsyncSession, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, WebhookEndpoint]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.id.in_(wanted)))
    return {row.id: row for row in rows}


async def events_by_id(
    session: AsyncSession, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, WebhookEvent]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(WebhookEvent).where(WebhookEvent.id.in_(wanted)))
    return {row.id: row for row in rows}


async def owned_delivery(
    session: AsyncSession, delivery_id: uuid.UUID, owner: str
) -> WebhookDelivery | None:
    """The claimed delivery, locked, or None when another replica has taken the lease over."""
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, still_ours(WebhookDelivery, owner))
        .with_for_update()
    )
    return (await session.scalars(stmt)).first()


async def update_endpoint(
    session: AsyncSession, endpoint_id: uuid.UUID, *conditions: Any, **values: Any
) -> bool:
    """A worker's change to an endpoint, atomic and version-bumping; False if none matched.

    A plain UPDATE rather than the ORM, so a coordinator's concurrent edit is never
    overwritten with stale values; bumping the version still invalidates their ETag.
    """
    result = await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, *conditions)
        .values(version=WebhookEndpoint.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def coordinators(session: AsyncSession, network_id: uuid.UUID) -> list[User]:
    stmt = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.network_id == network_id,
            Membership.role == "coordinator",
            User.is_active.is_(True),
        )
        .order_by(User.email)
    )
    return list((await session.scalars(stmt)).all())


async def due_backlog(session: AsyncSession, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many deliveries wait for an attempt at ``now``, and the oldest one's attempt time."""
    stmt = select(func.count(), func.min(WebhookDelivery.next_attempt_at)).where(
        or_(WebhookDelivery.status == "pending", WebhookDelivery.status == "failed"),
        WebhookDelivery.next_attempt_at <= now,
    )
    depth, oldest = (await session.execute(stmt)).one()
    return int(depth or 0), oldest
