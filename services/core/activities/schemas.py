from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field

from services.core.common.schema import (
    MAX_LIST,
    Country,
    ListParams,
    LongText,
    Name,
    PatchModel,
    ResponseModel,
    ShortText,
    StrictModel,
    TagList,
    UtcDateTime,
    not_before,
)

ActivityKind = Literal[
    "training",
    "workshop",
    "webinar",
    "exchange_visit",
    "dialogue",
    "co_creation",
    "network_meeting",
    "mentoring",
    "coaching",
    "learning_by_doing",
    "peer_review",
    "conference",
    "other",
]
Modality = Literal["in_person", "online", "hybrid"]
ActivityStatus = Literal["planned", "held", "cancelled"]
CapacityArea = Literal["operate", "act", "connect"]
SkillKind = Literal["technical", "thematic", "soft"]
OrgIds = Annotated[list[uuid.UUID], Field(max_length=MAX_LIST)]
Headcount = Annotated[int, Field(ge=0, le=1_000_000)]


class GenderCounts(StrictModel):
    women: Headcount = 0
    men: Headcount = 0
    non_binary: Headcount = 0
    undisclosed: Headcount = 0


class ActivityCreate(StrictModel):
    title: Name
    description: LongText = ""
    kind: ActivityKind
    modality: Modality = "in_person"
    status: ActivityStatus = "planned"
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    _ends_after_start = not_before("ends_at", "starts_at")
    location: ShortText = ""
    country: Country | None = None
    capacity_areas: Annotated[list[CapacityArea], Field(max_length=3)] = []
    skill_kinds: Annotated[list[SkillKind], Field(max_length=3)] = []
    themes: TagList = []
    facilitator_ids: OrgIds = Field(default=[], description="Organisations that give.")
    participant_ids: OrgIds = Field(default=[], description="Organisations that receive.")
    participants_count: Headcount | None = None
    participants_by_gender: GenderCounts | None = None
    series_id: uuid.UUID | None = None
    cascade_of: uuid.UUID | None = Field(
        default=None, description="The activity whose learning this one passes on (a multiplier)."
    )
    follow_up_expected: bool = True


class ActivityUpdate(PatchModel):
    NULLABLE = frozenset(
        {"country", "participants_count", "participants_by_gender", "series_id", "cascade_of"}
    )

    title: Name | None = None
    description: LongText | None = None
    kind: ActivityKind | None = None
    modality: Modality | None = None
    status: ActivityStatus | None = None
    starts_at: UtcDateTime | None = None
    ends_at: UtcDateTime | None = None
    _ends_after_start = not_before("ends_at", "starts_at")
    location: ShortText | None = None
    country: Country | None = None
    capacity_areas: Annotated[list[CapacityArea], Field(max_length=3)] | None = None
    skill_kinds: Annotated[list[SkillKind], Field(max_length=3)] | None = None
    themes: TagList | None = None
    facilitator_ids: OrgIds | None = None
    participant_ids: OrgIds | None = None
    participants_count: Headcount | None = None
    participants_by_gender: GenderCounts | None = None
    series_id: uuid.UUID | None = None
    cascade_of: uuid.UUID | None = None
    follow_up_expected: bool | None = None


class ActivityRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    title: str
    description: str
    kind: ActivityKind
    modality: Modality
    status: ActivityStatus
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    country: str | None
    capacity_areas: list[CapacityArea]
    skill_kinds: list[SkillKind]
    themes: list[str]
    facilitator_ids: list[uuid.UUID]
    participant_ids: list[uuid.UUID]
    participants_count: int | None
    participants_by_gender: GenderCounts | None
    series_id: uuid.UUID | None
    cascade_of: uuid.UUID | None
    follow_up_expected: bool
    created_by: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ActivityQuery(StrictModel):
    """The list's filters; the CSV export takes the same ones."""

    id: list[uuid.UUID] | None = Field(
        default=None,
        max_length=200,
        description="Only these activities (repeat the parameter: ?id=…&id=…; up to 200).",
    )
    status: ActivityStatus | None = None
    kind: ActivityKind | None = None
    series_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = Field(
        default=None, description="Activities this organisation facilitated or took part in."
    )
    role: Literal["facilitator", "participant"] | None = Field(
        default=None, description="With organisation_id: only as facilitator or as participant."
    )
    starts_from: UtcDateTime | None = Field(default=None, description="starts_at >= this.")
    starts_to: UtcDateTime | None = Field(default=None, description="starts_at < this.")
    q: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="Title contains (any case)."
    )


class ActivityFilters(ActivityQuery, ListParams):
    pass
