from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, StringConstraints

from services.core.common.schema import ListParams, PatchModel, ResponseModel, StrictModel
from services.core.common.text import ONE_LINE
from services.core.webhooks.models import DeliveryStatus

EventType = Literal[
    "activity.created",
    "activity.updated",
    "activity.cancelled",
    "follow_up.created",
    "follow_up.completed",
    "finding.opened",
    "finding.resolved",
    "reflection.created",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
# Sent only by the "send a test" button, to one endpoint, whatever it subscribed to.
TEST_EVENT = "webhook.test"


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Url = Annotated[str, StringConstraints(min_length=1, max_length=2000), ONE_LINE]
EventTypes = Annotated[
    list[EventType],
    Field(min_length=1, max_length=len(EVENT_TYPES)),
    AfterValidator(_unique),
]


class WebhookCreate(StrictModel):
    url: Url = Field(description="https URL of the receiver; must resolve to public addresses.")
    event_types: EventTypes = Field(description="The events to send; at least one.")


class WebhookUpdate(PatchModel):
    url: Url | None = None
    event_types: EventTypes | None = None
    active: bool | None = Field(
        default=None,
        description="false pauses deliveries; true re-activates a disabled endpoint and "
        "clears disabled_reason and consecutive_failures.",
    )


class WebhookRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    url: str
    event_types: list[EventType]
    active: bool
    disabled_reason: str | None
    consecutive_failures: int
    created_by: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class WebhookWithSecret(WebhookRead):
    secret: str = Field(
        description="The signing secret (whsec_...). Shown only now: store it at the receiver."
    )


class DeliveryLogEntry(ResponseModel):
    at: dt.datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: int | None = None
    note: str | None = Field(default=None, description="A decision that was not an attempt.")


class DeliveryRead(ResponseModel):
    id: uuid.UUID = Field(description="Also the webhook-id header, the same on every retry.")
    event_id: uuid.UUID
    endpoint_id: uuid.UUID
    network_id: uuid.UUID
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime
    last_status_code: int | None
    last_error: str | None
    delivered_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    log: list[DeliveryLogEntry]


class DeliveryFilters(ListParams):
    status: DeliveryStatus | None = None
