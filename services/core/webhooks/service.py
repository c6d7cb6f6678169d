"""Webhook endpoints as coordinators manage them: register, edit, rotate, test, replay."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match, shown
from services.core.common.errors import Conflict, NotFound, ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.db.types import utcnow, uuid7
from services.core.networks.models import Network
from services.core.settings import Settings
from services.core.webhooks import events, guard, signing
from services.core.webhooks import repository as repo
from services.core.webhooks.delivery import MAX_LOG_ENTRIES
from services.core.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from services.core.webhooks.schemas import (
    TEST_EVENT,
    DeliveryFilters,
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

REPLAYABLE: tuple[DeliveryStatus, ...] = ("failed", "dead")
PAUSED_REASON = "deactivated by a coordinator"


async def _check_url(settings: Settings, url: str) -> None:
    try:
        await guard.check(url, allow_private=settings.webhooks_allow_private)
    except guard.UnsafeUrl as exc:
        raise ValidationFailed("/url", str(exc), "url_not_allowed") from exc


async def get(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> WebhookEndpoint:
    endpoint = await repo.endpoint_by_id(session, webhook_id)
    return principal.require_found(endpoint, Role.coordinator, "webhook")


async def show(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> Shown[WebhookRead]:
    """One endpoint as the API shows it (without its secret)."""
    return shown(WebhookRead.model_validate, await get(session, principal, webhook_id))


async def list_webhooks(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> Page[WebhookRead]:
    principal.require(network_id, Role.coordinator, "network")
    order = [WebhookEndpoint.created_at, WebhookEndpoint.id]
    page = await paginate(session, repo.endpoints_of(network_id), order, limit=limit, cursor=cursor)
    return page.map(WebhookRead.model_validate)


async def create(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    network_id: uuid.UUID,
    data: WebhookCreate,
) -> Shown[WebhookWithSecret]:
    """Register a receiver; the answer is the only one that carries its signing secret."""
    principal.require(network_id, Role.coordinator, "network")
    if await session.get(Network, network_id) is None:
        raise NotFound("network")
    await _check_url(settings, data.url)
    endpoint = WebhookEndpoint(
        id=uuid7(),
        network_id=network_id,
        url=data.url,
        secret=signing.new_secret(),
        event_types=list(data.event_types),
        active=True,
        consecutive_failures=0,
        created_by=principal.user_id,
    )
    session.add(endpoint)
    await session.flush()
    return shown(WebhookWithSecret.model_validate, endpoint)


async def update(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    if_match: str | None,
) -> Shown[WebhookRead]:
    endpoint = await get(session, principal, webhook_id)
    await check_if_match(session, endpoint, if_match)
    changes = data.changes()
    if "url" in changes and changes["url"] != endpoint.url:
        await _check_url(settings, changes["url"])
        endpoint.url = changes["url"]
    if "event_types" in changes:
        endpoint.event_types = list(changes["event_types"])
    if changes.get("active") is True and not endpoint.active:
        # A fresh start: the coordinator says the receiver works again.
        endpoint.active = True
        endpoint.disabled_reason = None
        endpoint.consecutive_failures = 0
    elif changes.get("active") is False and endpoint.active:
        endpoint.active = False
        endpoint.disabled_reason = PAUSED_REASON
    await session.flush()
    return shown(WebhookRead.model_validate, endpoint)


async def delete(session: AsyncSession, principal: Principal, webhook_id: uuid.UUID) -> None:
    endpoint = await get(session, principal, webhook_id)
    await session.delete(endpoint)
    await session.flush()


async def rotate_secret(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> Shown[WebhookWithSecret]:
    """A new secret, effective at once: retries of earlier events are signed with it too."""
    endpoint = await get(session, principal, webhook_id)
    endpoint.secret = signing.new_secret()
    await session.flush()
    return shown(WebhookWithSecret.model_validate, endpoint)


async def list_deliveries(
    session: AsyncSession,
    principal: Principal,
    webhook_id: uuid.UUID,
    filters: DeliveryFilters,
) -> Page[DeliveryRead]:
    endpoint = await get(session, principal, webhook_id)
    stmt = repo.deliveries_of(endpoint.id, filters.status)
    order = [WebhookDelivery.created_at, WebhookDelivery.id]
    page = await paginate(
        session, stmt, order, limit=filters.limit, cursor=filters.cursor, descending=True
    )
    return page.map(DeliveryRead.model_validate)


async def send_test(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> DeliveryRead:
    endpoint = await get(session, principal, webhook_id)
    if not endpoint.active:
        raise Conflict("The webhook is disabled; re-activate it before sending a test.")
    data = {
        "webhook_id": str(endpoint.id),
        "message": "A test event from Drumbeat: if you can read this, your receiver works.",
    }
    return DeliveryRead.model_validate(await events.emit_to(session, endpoint, TEST_EVENT, data))


async def replay(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> DeliveryRead:
    delivery = principal.require_found(
        await repo.delivery_by_id(session, delivery_id), Role.coordinator, "webhook delivery"
    )
    if delivery.status not in REPLAYABLE:
        raise Conflict(
            f"Only a failed or dead delivery can be replayed; this one is {delivery.status}."
        )
    now = utcnow()
    if delivery.lease_expires_at is not None and delivery.lease_expires_at > now:
        raise Conflict("The delivery is being attempted right now; try again in a minute.")
    endpoint = await repo.endpoint_by_id(session, delivery.endpoint_id)
    if endpoint is None or not endpoint.active:
        raise Conflict("The webhook is disabled; re-activate it before replaying deliveries.")
    delivery.status = "pending"
    delivery.next_attempt_at = now
    # The replay gets the full retry schedule again; the log keeps the earlier attempts.
    delivery.attempts = 0
    entry = {"at": events.rfc3339(now), "note": "replayed by a coordinator"}
    delivery.log = [*delivery.log, entry][-MAX_LOG_ENTRIES:]
    await session.flush()
    return DeliveryRead.model_validate(delivery)
