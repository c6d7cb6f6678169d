from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints

from services.core.common.schema import (
    Country,
    Day,
    ListParams,
    Name,
    PatchModel,
    ResponseModel,
    StrictModel,
    TagList,
    not_before,
)
from services.core.common.text import PlainText

OrganisationKind = Literal[
    "ngo",
    "community_based",
    "social_movement",
    "research",
    "network_secretariat",
    "donor",
    "government",
    "private_sector",
    "other",
]
Level = Literal["local", "national", "regional", "global"]
IatiId = Annotated[str, StringConstraints(min_length=3, max_length=100), PlainText(min_length=3)]


class OrganisationCreate(StrictModel):
    name: Name
    iati_identifier: IatiId | None = None
    country: Country | None = None
    kind: OrganisationKind = "ngo"
    level: Level = "national"
    expertise: TagList = []
    contact_email: EmailStr | None = None
    joined_on: Day | None = None
    left_on: Day | None = None
    _left_after_joining = not_before("left_on", "joined_on")


class OrganisationUpdate(PatchModel):
    NULLABLE = frozenset({"iati_identifier", "country", "contact_email", "joined_on", "left_on"})

    name: Name | None = None
    iati_identifier: IatiId | None = None
    country: Country | None = None
    kind: OrganisationKind | None = None
    level: Level | None = None
    expertise: TagList | None = None
    contact_email: EmailStr | None = None
    joined_on: Day | None = None
    left_on: Day | None = None
    _left_after_joining = not_before("left_on", "joined_on")


class OrganisationRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    name: str
    iati_identifier: str | None
    country: str | None
    kind: OrganisationKind
    level: Level
    expertise: list[str]
    contact_email: str | None
    joined_on: dt.date | None
    left_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


class OrganisationFilters(ListParams):
    q: str | None = Field(default=None, max_length=200, description="Name contains (any case).")
    level: Level | None = None
    kind: OrganisationKind | None = None
    country: Country | None = None
