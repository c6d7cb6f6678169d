from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints, model_validator

from services.core.common.errors import invalid
from services.core.common.schema import (
    LongText,
    Name,
    PatchModel,
    ResponseModel,
    StrictModel,
    TagList,
    UtcDateTime,
)
from services.core.common.text import ONE_LINE
from services.core.series.recurrence import RecurrenceError, validate_timezone

RoleName = Literal["coordinator", "member", "viewer"]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _timezone(value: str) -> str:
    try:
        validate_timezone(value)
    except RecurrenceError as exc:
        raise invalid("unknown_time_zone", str(exc)) from exc
    return value


def _schedule(value: list[int]) -> list[int]:
    return sorted(set(value))


TimeZoneName = Annotated[
    str, StringConstraints(min_length=1, max_length=64), ONE_LINE, AfterValidator(_timezone)
]
Slug = Annotated[str, StringConstraints(min_length=2, max_length=80, pattern=SLUG_RE.pattern)]
GraceDays = Annotated[int, Field(ge=0, le=365)]
Schedule = Annotated[
    list[Annotated[int, Field(ge=0, le=365)]],
    Field(min_length=1, max_length=10),
    AfterValidator(_schedule),
]


class NetworkCreate(StrictModel):
    name: Name
    slug: Slug = Field(description="Lower-case letters, digits and dashes; unique.")
    description: LongText = ""
    themes: TagList = []
    timezone: TimeZoneName = "UTC"
    follow_up_grace_days: GraceDays = 30
    reminder_schedule_days: Schedule = [0, 7, 21]
    reminders_since: UtcDateTime | None = Field(
        default=None, description="Findings that arose before this send no reminders; default now."
    )


class NetworkUpdate(PatchModel):
    name: Name | None = None
    slug: Slug | None = None
    description: LongText | None = None
    themes: TagList | None = None
    timezone: TimeZoneName | None = None
    follow_up_grace_days: GraceDays | None = None
    reminder_schedule_days: Schedule | None = None
    reminders_since: UtcDateTime | None = None
    reminder_emails_enabled: bool | None = Field(
        default=None,
        description="False stops all reminder emails of the network; findings and webhooks go on.",
    )


class NetworkRead(ResponseModel):
    id: uuid.UUID
    name: str
    slug: str
    description: str
    themes: list[str]
    timezone: str
    follow_up_grace_days: int
    reminder_schedule_days: list[int]
    reminders_since: dt.datetime
    reminder_emails_enabled: bool
    my_role: RoleName | None = Field(
        default=None, description="The caller's role in this network (site admins: coordinator)."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class MemberCreate(StrictModel):
    user_id: uuid.UUID | None = None
    email: EmailStr | None = Field(default=None, description="Alternative to user_id.")
    role: RoleName

    @model_validator(mode="after")
    def _one_identity(self) -> MemberCreate:
        if (self.user_id is None) == (self.email is None):
            raise invalid("one_of_user_id_or_email", "give exactly one of user_id and email")
        return self


class MemberByEmail(ResponseModel):
    """The answer to adding a member by email, the same whether or not anyone has that email."""

    email: str
    role: RoleName


class MemberUpdate(StrictModel):
    role: RoleName


class MemberRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    name: str
    role: RoleName
    created_at: dt.datetime
