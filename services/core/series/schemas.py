from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from services.core.activities.schemas import ActivityKind
from services.core.common import dates
from services.core.common.errors import invalid
from services.core.common.schema import (
    Day,
    LongText,
    Name,
    PatchModel,
    ResponseModel,
    StrictModel,
    not_before,
)
from services.core.common.text import ONE_LINE
from services.core.networks.schemas import TimeZoneName
from services.core.series.recurrence import RecurrenceError, normalise_rrule


def _rrule(value: str) -> str:
    try:
        rule = normalise_rrule(value)
    except RecurrenceError as exc:
        raise invalid("rrule_invalid", str(exc)) from exc
    # The rule's own end date is a date like ends_on, held to the same years.
    until = _UNTIL_YEAR.search(rule)
    if until is not None and not dates.MIN_YEAR <= int(until[1]) <= dates.MAX_YEAR:
        raise invalid("date_out_of_range", f"UNTIL: {dates.OUT_OF_RANGE}")
    return rule


_UNTIL_YEAR = re.compile(r"(?:^|;)UNTIL=(\d{4})")


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        raise invalid(
            "offset_not_allowed",
            "dtstart is a local wall-clock time in the series' timezone: leave out the offset",
        )
    dates.check(value)
    return value.replace(microsecond=0)


RRule = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    ONE_LINE,
    AfterValidator(_rrule),
    Field(
        description="An RFC 5545 RRULE value, e.g. FREQ=YEARLY;BYMONTH=3 or FREQ=MONTHLY;BYDAY=2TU."
    ),
]
# JSON Schema's "date-time" demands an offset, which a wall-clock time has none of:
# "date-time-local" is the OpenAPI format registry's name for an RFC 3339 date-time without one.
LOCAL_DATE_TIME = WithJsonSchema(
    {"type": "string", "format": "date-time-local", "examples": ["2026-03-10T09:00:00"]}
)
LocalDateTime = Annotated[
    dt.datetime,
    AfterValidator(_local),
    LOCAL_DATE_TIME,
    Field(description="Local wall-clock date-time without offset, e.g. 2026-03-10T09:00:00."),
]
LocalDateTimeRead = Annotated[dt.datetime, LOCAL_DATE_TIME]
ToleranceDays = Annotated[int, Field(ge=0, le=90)]


class SeriesCreate(StrictModel):
    title: Name
    description: LongText = ""
    kind: ActivityKind = "network_meeting"
    rrule: RRule
    dtstart: LocalDateTime
    timezone: TimeZoneName
    tolerance_days: ToleranceDays = 7
    active: bool = True
    ends_on: Day | None = None
    _ends_after_start = not_before("ends_on", "dtstart")


class SeriesUpdate(PatchModel):
    NULLABLE = frozenset({"ends_on"})

    title: Name | None = None
    description: LongText | None = None
    kind: ActivityKind | None = None
    rrule: RRule | None = None
    dtstart: LocalDateTime | None = None
    timezone: TimeZoneName | None = None
    tolerance_days: ToleranceDays | None = None
    active: bool | None = None
    ends_on: Day | None = None
    _ends_after_start = not_before("ends_on", "dtstart")


class SeriesRead(ResponseModel):
    id: uuid.UUID
    network_id: uuid.UUID
    title: str
    description: str
    kind: ActivityKind
    rrule: str
    dtstart: LocalDateTimeRead
    timezone: str
    tolerance_days: int
    active: bool
    ends_on: dt.date | None
    created_by: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class OccurrenceRead(ResponseModel):
    at: dt.datetime = Field(description="The occurrence as a UTC instant.")
    local: LocalDateTimeRead = Field(
        description="The occurrence in the series' local wall-clock time."
    )
    status: str = Field(
        description="held (a held activity of the series starts within tolerance_days), "
        "missed (tolerance passed without one) or upcoming."
    )
    activity_id: uuid.UUID | None = None


class OccurrenceTimeline(ResponseModel):
    items: list[OccurrenceRead] = Field(description="The occurrences in the window, ascending.")
    truncated: bool = Field(
        description="True when the window holds more than the 500 occurrences answered at "
        "once: the list stops at the 500th. Ask again with `from` just after its last `at`."
    )
