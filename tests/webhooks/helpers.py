"""Registering endpoints through the API and running delivery passes at chosen instants."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.settings import Settings
from services.core.webhooks.delivery import deliver_due
from services.core.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.builders import created, make_activity
from tests.support import World
from tests.webhooks.receiver import Received, Receiver


def verify(secret: str, received: Received) -> dict[str, Any]:
    """The request as a Standard Webhooks receiver checks it; raises if the signature fails."""
    payload: dict[str, Any] = Webhook(secret).verify(received.body, received.headers)
    return payload


@asynccontextmanager
async def other_app(world: World, settings: Settings) -> AsyncIterator[World]:
    """The same people and networks, served by an app built with other settings."""
    from services.api.app import create_app

    app: FastAPI = create_app(settings)
    try:
        yield World(engine=world.engine, app=app, people=world.people, networks=world.networks)
    finally:
        await app.state.engine.dispose()


class Hooks:
    def __init__(self, world: World, settings: Settings, receiver: Receiver) -> None:
        self.world = world
        self.settings = settings
        self.receiver = receiver
        self.sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(world.engine)

    @property
    def network_id(self) -> uuid.UUID:
        return self.world.networks["A"].id

    async def register(
        self, event_types: tuple[str, ...] = ("activity.created",), url: str | None = None
    ) -> dict[str, Any]:
        body = {"url": url or self.receiver.url, "event_types": list(event_types)}
        async with self.world.client("coord") as client:
            return await created(client, f"/networks/{self.network_id}/webhooks", body)

    async def create_activity(self, **overrides: Any) -> dict[str, Any]:
        async with self.world.client("member") as client:
            return await make_activity(client, self.network_id, **overrides)

    async def deliver(
        self,
        now: dt.datetime | None = None,
        *,
        limit: int | None = None,
        settings: Settings | None = None,
    ) -> dict[str, int]:
        return await deliver_due(
            self.sessionmaker,
            settings or self.settings,
            now=now or utcnow(),
            owner="test-worker",
            limit=limit,
        )

    async def answered(self, status: int) -> tuple[dict[str, Any], WebhookDelivery]:
        """An endpoint told of one new activity, whose receiver answered that delivery with
        ``status``: the endpoint (as created) and the delivery."""
        endpoint = await self.register()
        await self.create_activity()
        self.receiver.answer(status)
        await self.deliver()
        return endpoint, await self.delivery()

    async def deliveries(self) -> list[WebhookDelivery]:
        async with self.sessionmaker() as session:
            stmt = select(WebhookDelivery).order_by(WebhookDelivery.created_at, WebhookDelivery.id)
            return list((await session.scalars(stmt)).all())

    async def delivery(self) -> WebhookDelivery:
        [only] = await self.deliveries()
        return only

    async def events(self) -> list[WebhookEvent]:
        async with self.sessionmaker() as session:
            return list((await session.scalars(select(WebhookEvent))).all())

    async def endpoint(self, endpoint_id: str | uuid.UUID) -> WebhookEndpoint:
        async with self.sessionmaker() as session:
            endpoint = await session.get(WebhookEndpoint, uuid.UUID(str(endpoint_id)))
        assert endpoint is not None
        return endpoint
