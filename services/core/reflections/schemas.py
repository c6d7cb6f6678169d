from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from services.core.common.schema import (
    ListParams,
    PatchModel,
    RequiredText,
    ResponseModel,
    StrictModel,
    TagList,
)

Visibility = Literal["network", "coordinators", "private"]


class ReflectionCreate(StrictModel):
    activity_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    body: RequiredText = Field(description="Markdown.")
    tags: TagList = Field(
        default=[],
        description="Free tags; common ones: power, mutuality, diversity, gender, "
        "intersectionality, governance, learning, communication, confidence.",
    )
    visibility: Visibility = Field(
        default="network",
        description="network: every member; coordinators: coordinators and the author; "
        "private: the author only.",
    )


class ReflectionUpdate(PatchModel):
    NULLABLE = frozenset({"activity_id", "organisation_id"})

    activity_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    body: RequiredText | None = None
    tags: TagList | None = None
    visibility: Visibility | None = None


class ReflectionRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    activity_id: uuid.UUID | None
    author_id: uuid.UUID | None
    organisation_id: uuid.UUID | None
    body: str
    tags: list[str]
    visibility: Visibility
    created_at: dt.datetime
    updated_at: dt.datetime


class ReflectionFilters(ListParams):
    activity_id: uuid.UUID | None = None
    tag: str | None = Field(default=None, max_length=60)
    visibility: Visibility | None = None
    mine: bool = Field(default=False, description="Only the caller's own reflections.")
