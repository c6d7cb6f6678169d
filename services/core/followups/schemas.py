from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from services.core.common.schema import (
    Day,
    ListParams,
    LongText,
    Name,
    PatchModel,
    ResponseModel,
    StrictModel,
)

FollowUpKind = Literal[
    "action_plan",
    "coaching",
    "mentoring",
    "check_in",
    "refresher",
    "application",
    "sharing",
    "assessment",
    "other",
]
FollowUpStatus = Literal["planned", "done", "dropped"]


class FollowUpCreate(StrictModel):
    title: Name
    kind: FollowUpKind = "action_plan"
    owner_organisation_id: uuid.UUID | None = None
    assignee_user_id: uuid.UUID | None = Field(
        default=None, description="A user with a role in the network; reminders go to them."
    )
    due_on: Day
    status: FollowUpStatus = "planned"
    completed_on: Day | None = Field(
        default=None, description="Only with status done; defaults to today when done."
    )
    follow_up_activity_id: uuid.UUID | None = None
    notes: LongText = ""


class FollowUpUpdate(PatchModel):
    NULLABLE = frozenset(
        {"owner_organisation_id", "assignee_user_id", "completed_on", "follow_up_activity_id"}
    )

    title: Name | None = None
    kind: FollowUpKind | None = None
    owner_organisation_id: uuid.UUID | None = None
    assignee_user_id: uuid.UUID | None = None
    due_on: Day | None = None
    status: FollowUpStatus | None = None
    completed_on: Day | None = None
    follow_up_activity_id: uuid.UUID | None = None
    notes: LongText | None = None


class FollowUpRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    activity_id: uuid.UUID
    title: str
    kind: FollowUpKind
    owner_organisation_id: uuid.UUID | None
    assignee_user_id: uuid.UUID | None
    due_on: dt.date
    status: FollowUpStatus
    completed_on: dt.date | None
    follow_up_activity_id: uuid.UUID | None
    notes: str
    created_by: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class FollowUpQuery(StrictModel):
    """The list's filters; the CSV export takes the same ones."""

    status: FollowUpStatus | None = None
    assignee_user_id: uuid.UUID | None = None
    mine: bool = Field(default=False, description="Only follow-ups assigned to the caller.")
    due_before: Day | None = Field(default=None, description="due_on < this date.")
    activity_id: uuid.UUID | None = None


class FollowUpFilters(FollowUpQuery, ListParams):
    pass
