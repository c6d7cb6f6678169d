from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.api.deps import IfMatch, PrincipalDep, Session, SettingsDep
from services.api.routers.common import created_item, router, shown_once, tagged, with_etag
from services.core.common.schema import ListParams, Page
from services.core.webhooks import service
from services.core.webhooks.schemas import (
    DeliveryFilters,
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

api = router("webhooks")


@api.get("/networks/{network_id}/webhooks", operation_id="list_webhooks")
async def list_webhooks(
    network_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    params: Annotated[ListParams, Query()],
) -> Page[WebhookRead]:
    """The network's webhook endpoints, oldest first (coordinators only)."""
    return await service.list_webhooks(
        session, principal, network_id, limit=params.limit, cursor=params.cursor
    )


@api.post("/networks/{network_id}/webhooks", operation_id="create_webhook", status_code=201)
async def create_webhook(
    network_id: uuid.UUID,
    body: WebhookCreate,
    principal: PrincipalDep,
    session: Session,
    settings: SettingsDep,
    response: Response,
) -> WebhookWithSecret:
    """Register a receiver. The answer carries the signing `secret`, shown this once only."""
    shown = await service.create(session, settings, principal, network_id, body)
    shown_once(response)
    return created_item(response, "webhooks", shown)


@api.get("/webhooks/{webhook_id}", operation_id="get_webhook")
async def get_webhook(
    webhook_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> WebhookRead:
    return tagged(response, await service.show(session, principal, webhook_id))


@api.patch("/webhooks/{webhook_id}", operation_id="update_webhook")
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    principal: PrincipalDep,
    session: Session,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> WebhookRead:
    """Change the URL or events; `active: true` re-activates a disabled endpoint."""
    return tagged(
        response, await service.update(session, settings, principal, webhook_id, body, if_match)
    )


@api.delete("/webhooks/{webhook_id}", operation_id="delete_webhook", status_code=204)
async def delete_webhook(webhook_id: uuid.UUID, principal: PrincipalDep, session: Session) -> None:
    """Delete the endpoint and its delivery log."""
    await service.delete(session, principal, webhook_id)


@api.post("/webhooks/{webhook_id}/rotate-secret", operation_id="rotate_webhook_secret")
async def rotate_webhook_secret(
    webhook_id: uuid.UUID, principal: PrincipalDep, session: Session, response: Response
) -> WebhookWithSecret:
    """Replace the signing secret at once; the new one is shown this once only."""
    shown = await service.rotate_secret(session, principal, webhook_id)
    with_etag(response, shown)
    shown_once(response)
    return shown.item


@api.get("/webhooks/{webhook_id}/deliveries", operation_id="list_webhook_deliveries")
async def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    principal: PrincipalDep,
    session: Session,
    filters: Annotated[DeliveryFilters, Query()],
) -> Page[DeliveryRead]:
    """The endpoint's deliveries with their attempt log, newest first."""
    return await service.list_deliveries(session, principal, webhook_id, filters)


@api.post("/webhooks/{webhook_id}/test", operation_id="test_webhook", status_code=202)
async def test_webhook(
    webhook_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> DeliveryRead:
    """Queue a `webhook.test` event for this endpoint only; the worker sends it."""
    return await service.send_test(session, principal, webhook_id)


@api.post("/webhook-deliveries/{delivery_id}/replay", operation_id="replay_webhook_delivery")
async def replay_webhook_delivery(
    delivery_id: uuid.UUID, principal: PrincipalDep, session: Session
) -> DeliveryRead:
    """Send a failed or dead delivery again now, with the same webhook-id."""
    return await service.replay(session, principal, delivery_id)
