from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from services.core.common.schema import (
    NOT_BLANK,
    ListParams,
    ResponseModel,
    StrictModel,
    UtcDateTime,
)
from services.core.common.text import MULTILINE_NOT_BLANK

FindingKind = Literal["missing_follow_up", "overdue_follow_up", "series_gap"]
FindingStatus = Literal["open", "acknowledged", "resolved", "dismissed"]


class FindingRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    kind: FindingKind
    status: FindingStatus
    activity_id: uuid.UUID | None
    follow_up_id: uuid.UUID | None
    series_id: uuid.UUID | None
    expected_on: dt.date | None = Field(
        description="series_gap: the missed occurrence's local date; "
        "overdue_follow_up: the due date that passed."
    )
    arose_at: dt.datetime = Field(description="When the condition arose (the deadline passed).")
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    snoozed_until: dt.datetime | None
    dismissed_reason: str | None
    updated_at: dt.datetime
    subject_title: str | None = Field(
        default=None,
        description="The title of the activity (or recurring series) the finding is about.",
    )
    follow_up_title: str | None = Field(
        default=None, description="overdue_follow_up: the title of the follow-up that is late."
    )


class ReminderRead(ResponseModel):
    id: uuid.UUID
    channel: str
    recipient_user_id: uuid.UUID
    recipient_email: str
    step: int = Field(description="Days after the finding opened, from reminder_schedule_days.")
    due_at: dt.datetime
    status: Literal["pending", "sent", "skipped", "failed"]
    attempts: int
    skip_reason: str | None
    last_error: str | None
    sent_at: dt.datetime | None
    message_id: str | None
    log: list[dict[str, object]] = Field(description="Each attempt and decision, oldest first.")


class FindingDetail(FindingRead):
    reminders: list[ReminderRead]


class FindingFilters(ListParams):
    kind: FindingKind | None = None
    status: FindingStatus | Literal["snoozed"] | None = Field(
        default=None,
        description=(
            "snoozed: acknowledged findings whose snooze has not ended yet "
            "(acknowledged lists those too)."
        ),
    )
    q: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Only findings whose activity or series title contains this text.",
    )
    activity_id: uuid.UUID | None = Field(
        default=None,
        description="Findings about this activity, its overdue follow-ups' included.",
    )


class FindingUpdate(StrictModel):
    """Acknowledge (optionally snoozing reminders until a time) or dismiss with a reason."""

    status: Literal["acknowledged", "dismissed", "open"]
    snoozed_until: UtcDateTime | None = Field(
        default=None, description="With acknowledged: no reminders before this time."
    )
    dismissed_reason: (
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=2000, pattern=NOT_BLANK),
            MULTILINE_NOT_BLANK,
        ]
        | None
    ) = Field(default=None, description="Required with dismissed.")
