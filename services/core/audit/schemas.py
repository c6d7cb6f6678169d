from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import Field

from services.core.common.schema import ListParams, ResponseModel


class AuditEventRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID | None
    actor_type: Literal["user", "api_key"]
    actor_id: uuid.UUID | None = Field(description="The user's or the API key's id.")
    actor_label: str = Field(description="The user's email, or the key's name and prefix.")
    via: str = Field(
        description="How the change came in when not through the web app or the API: "
        '"reminder email" for a one-click action from a reminder email; otherwise empty.'
    )
    action: Literal["create", "update", "delete"]
    entity: str = Field(description="network, organisation, activity, follow_up, ...")
    entity_id: uuid.UUID
    changes: dict[str, Any] = Field(
        description="create/delete: the values; update: {field: {before, after}}. "
        "Secrets appear only as {changed: true}."
    )
    at: dt.datetime


class AuditFilters(ListParams):
    entity: str | None = Field(default=None, max_length=40)
    entity_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
