from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from services.core.common.schema import ResponseModel, StrictModel
from services.core.findings.schemas import FindingKind, FindingStatus

# The activity CSV's columns, export and import alike, in this order.
ACTIVITY_COLUMNS = (
    "id",
    "title",
    "description",
    "kind",
    "modality",
    "status",
    "starts_at",
    "ends_at",
    "location",
    "country",
    "capacity_areas",
    "skill_kinds",
    "themes",
    "facilitators",
    "participants",
    "participants_count",
    "women",
    "men",
    "non_binary",
    "undisclosed",
    "series",
    "cascade_of",
    "follow_up_expected",
    "created_at",
    "updated_at",
)
FOLLOW_UP_COLUMNS = (
    "id",
    "activity_id",
    "activity_title",
    "title",
    "kind",
    "owner_organisation",
    "assignee_user_id",
    "due_on",
    "status",
    "completed_on",
    "follow_up_activity_id",
    "notes",
    "created_at",
    "updated_at",
)
FINDING_COLUMNS = (
    "id",
    "network",
    "kind",
    "status",
    "subject_title",
    "activity_id",
    "follow_up_title",
    "follow_up_id",
    "follow_up_due_on",
    "series_id",
    "expected_on",
    "arose_at",
    "opened_at",
    "resolved_at",
    "snoozed_until",
    "dismissed_reason",
)

CSV_FORMAT = (
    "RFC 4180 CSV in UTF-8 with a header row and CRLF line ends. Date-times are RFC 3339 in "
    "UTC, lists are separated by semicolons, booleans are true/false, an empty cell is no "
    "value. A cell that would start with =, +, -, @, a tab or a carriage return starts with "
    "a single quote instead, so spreadsheets do not run it as a formula."
)
ACTIVITY_CSV = (
    CSV_FORMAT + " Columns: " + ", ".join(ACTIVITY_COLUMNS) + ". facilitators and participants "
    "are organisation names; series is the series title; cascade_of is the id of the "
    "activity passed on; women, men, non_binary and undisclosed are participants_by_gender."
)


class FindingQuery(StrictModel):
    """The findings list's filters, for the CSV export."""

    kind: FindingKind | None = None
    status: FindingStatus | Literal["snoozed"] | None = Field(
        default=None,
        description="snoozed: acknowledged findings whose snooze has not ended yet, which the "
        "file's status column also calls snoozed.",
    )


class ImportedActivity(ResponseModel):
    row: int = Field(description="The record's row in the file (the header is row 1).")
    id: uuid.UUID | None = Field(description="The new activity; null in a dry run.")
    title: str
    starts_at: dt.datetime


class ImportResult(ResponseModel):
    dry_run: bool = Field(description="True: nothing was saved, the file was only checked.")
    created: int = Field(description="Activities created (or, in a dry run, that would be).")
    activities: list[ImportedActivity] = Field(description="One entry per data row, in order.")


class CalendarFeedUrl(ResponseModel):
    url: str = Field(
        description="The secret iCalendar URL for calendar apps. Whoever has it can read the "
        "network's calendar as you: keep it private. Asking again replaces it."
    )
