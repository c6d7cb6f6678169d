"""Telling a network's coordinators that the worker disabled one of their webhooks."""

from __future__ import annotations

import logging
import uuid
from email.headerregistry import Address
from email.message import EmailMessage

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.common.mail import MailError, send_message
from services.core.common.text import one_line
from services.core.networks.models import Network
from services.core.settings import Settings
from services.core.webhooks import repository as repo
from services.core.webhooks.models import WebhookEndpoint

log = logging.getLogger("drumbeat.webhooks")


def _domain(settings: Settings) -> str:
    try:
        return httpx.URL(settings.public_url).host or "drumbeat.invalid"
    except httpx.InvalidURL:
        return "drumbeat.invalid"


def _message(
    settings: Settings,
    network: Network,
    endpoint: WebhookEndpoint,
    reason: str,
    recipient: str,
    message_id: str,
) -> EmailMessage:
    message = EmailMessage()
    message["To"] = Address(addr_spec=recipient)
    # Stored text, possibly from before control characters were refused: never a new header.
    message["Subject"] = f"Webhook disabled in {one_line(network.name)}: {one_line(endpoint.url)}"
    message["Message-ID"] = message_id
    message.set_content(
        f"Drumbeat stopped sending events of {network.name} to this webhook:\n\n"
        f"  URL: {endpoint.url}\n"
        f"  Webhook id: {endpoint.id}\n"
        f"  Why: {reason}\n\n"
        "Events that happen while it is disabled are not queued for it. Once the receiver "
        "works again, re-activate the webhook (PATCH /api/v1/webhooks/"
        f'{endpoint.id} with {{"active": true}}) and replay the deliveries you need from its '
        f"delivery log.\n\n{settings.public_url}\n"
    )
    return message


async def endpoint_disabled(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    endpoint_id: uuid.UUID,
    reason: str,
    cause: str,
) -> None:
    """Email every coordinator of the endpoint's network; ``cause`` names the delivery.

    The Message-ID derives from the cause and recipient, so a pass that crashes and runs
    again sends a message receivers recognise as the same one. A mail failure is logged, not
    raised: the endpoint is already disabled and shows its reason in the API.
    """
    async with sessionmaker() as session:
        endpoint = await repo.endpoint_by_id(session, endpoint_id)
        if endpoint is None:
            return
        network = await session.get(Network, endpoint.network_id)
        if network is None:
            return
        recipients = await repo.coordinators(session, endpoint.network_id)
    domain = _domain(settings)
    for user in recipients:
        message_id = f"<webhook-disabled.{cause}.{user.id}@{domain}>"
        try:
            message = _message(settings, network, endpoint, reason, user.email, message_id)
            await send_message(settings, message)
        except MailError as exc:
            log.warning(
                "could not tell %s that webhook %s was disabled: %s", user.id, endpoint_id, exc
            )
        except Exception:
            # One coordinator's unusable stored address must not keep the others uninformed.
            log.exception("could not tell %s that webhook %s was disabled", user.id, endpoint_id)
