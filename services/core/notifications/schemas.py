from __future__ import annotations

import datetime as dt
import uuid

from pydantic import Field

from services.core.common.schema import ResponseModel, StrictModel
from services.core.notifications.models import Cadence


class NotificationPreferenceRead(ResponseModel):
    network_id: uuid.UUID
    network_name: str
    cadence: Cadence = Field(
        description=(
            "immediate: a digest each time reminders fall due; daily: at 08:00 in your time "
            "zone; weekly: Mondays at 08:00; muted: no reminder emails from this network."
        )
    )
    unsubscribed_at: dt.datetime | None = Field(
        description="When you muted this network from an email's unsubscribe link, if you did."
    )
    network_reminder_emails_enabled: bool = Field(
        description="False when the network's coordinators have stopped all its reminder emails."
    )


class NotificationSettings(ResponseModel):
    items: list[NotificationPreferenceRead] = Field(
        description="One entry per network you belong to, ordered by network name."
    )


class NotificationChange(StrictModel):
    network_id: uuid.UUID
    cadence: Cadence


class NotificationSettingsUpdate(StrictModel):
    items: list[NotificationChange] = Field(
        max_length=500,
        description="The networks to change; the others keep their setting.",
    )
