"""Building blocks shared by every domain's request and response schemas."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from services.core.common import dates
from services.core.common.errors import invalid
from services.core.common.text import MULTILINE, MULTILINE_NOT_BLANK, ONE_LINE, ONE_LINE_NOT_BLANK

T = TypeVar("T")
U = TypeVar("U")
DateT = TypeVar("DateT", bound=dt.date)

MAX_LIST = 50


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def not_before(field: str, earlier: str) -> Any:
    """A field validator: ``field`` must not come before ``earlier`` when the body gives both.

    Declared on the later field (validated after the earlier one), so that a body whose dates
    contradict each other hears it together with its other errors (an unknown field, a bad
    value), not only once those are fixed. The service checks the row as stored again, for
    a PATCH that changes one of the two. A date is compared with a date-time's date.
    """

    def check(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
        start = info.data.get(earlier)
        if value is None or start is None:
            return value
        if isinstance(start, dt.datetime) and not isinstance(value, dt.datetime):
            start = start.date()
        if value < start:
            raise invalid("ends_before_start", f"{field} must not be before {earlier}")
        return value

    return field_validator(field)(classmethod(check))


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # PostgreSQL text cannot hold NUL characters: refused here with a pointer, rather than
    # by the database with a 500 (SQLite would store them, so both databases agree now).
    @field_validator("*")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise invalid("control_characters", "text must not contain NUL characters (\\u0000)")
        return value


def _null_only_where_nullable(schema: dict[str, Any], model: type[Any]) -> None:
    """The JSON Schema of a PatchModel says what it accepts: null only for NULLABLE fields.

    The fields are typed ``T | None`` so that leaving them out is possible; without this the
    document would promise that every field may be sent as null, which the validator refuses.
    """
    nullable: frozenset[str] = getattr(model, "NULLABLE", frozenset())
    for name, prop in schema.get("properties", {}).items():
        branches = prop.get("anyOf")
        if name in nullable or not isinstance(branches, list):
            continue
        kept = [branch for branch in branches if branch != {"type": "null"}]
        prop.pop("default", None)
        if len(kept) == 1:
            del prop["anyOf"]
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept


class PatchModel(StrictModel):
    """A partial update: only the fields sent are applied.

    Sending ``null`` is allowed only for fields that may be empty (``NULLABLE``); every other
    field must be left out rather than nulled.
    """

    model_config = ConfigDict(json_schema_extra=_null_only_where_nullable)

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    # A field validator (not a model validator) so the error points at the field; defaults
    # are not validated, so this sees only the fields the caller sent.
    @field_validator("*")
    @classmethod
    def _no_null_for_required(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise invalid("not_nullable", f"{info.field_name} may not be null")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ListParams(StrictModel):
    """Query parameters every list takes; filters extend it."""

    limit: int = Field(default=50, ge=1, le=200, description="Page size, 1 to 200.")
    cursor: str | None = Field(
        default=None, max_length=1000, description="next_cursor from the previous page."
    )


class Page(BaseModel, Generic[T]):
    """One page of a list: what the API shows, and what ``paginate`` returns (then holding
    rows, which the service maps to response models)."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each item converted (rows to response models)."""
        return self.with_items([convert(item) for item in self.items])

    def with_items(self, items: list[U]) -> Page[U]:
        """The same page (its cursor) holding ``items``: rows converted in one batch."""
        return Page[U].model_construct(items=items, next_cursor=self.next_cursor)


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise invalid("unknown_country", f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _not_a_number(value: Any) -> Any:
    # Pydantic reads numbers (and digit strings, as query parameters are) as Unix timestamps;
    # the API documents RFC 3339 date-times, so "from=-39801" must not mean 1969.
    if isinstance(value, int | float) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None
    ):
        raise invalid(
            "invalid_date_time", "expected an RFC 3339 date-time, e.g. 2026-01-10T08:00:00Z"
        )
    return value


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise invalid(
            "time_zone_required", "date-times need a time zone offset, e.g. 2026-01-10T08:00:00Z"
        )
    # First as written, since converting 9999-12-31T23:00:00-14:00 would overflow; then in
    # UTC, as stored, so that no stored instant lies outside the years either.
    dates.check(value)
    return _within_years(value.astimezone(dt.UTC))


def _within_years(value: DateT) -> DateT:
    dates.check(value)
    return value


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


# Text is stripped before it is measured, so "not empty" means "not blank": the pattern
# tells the document's readers that whitespace alone does not count. Every text type says
# which control characters it refuses (services.core.common.text): one-line text none at all.
NOT_BLANK = r"\S"
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=NOT_BLANK), ONE_LINE_NOT_BLANK
]
ShortText = Annotated[str, StringConstraints(max_length=200), ONE_LINE]
LongText = Annotated[str, StringConstraints(max_length=20_000), MULTILINE]
RequiredText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000, pattern=NOT_BLANK),
    MULTILINE_NOT_BLANK,
]
Tag = Annotated[
    str, StringConstraints(min_length=1, max_length=60, pattern=NOT_BLANK), ONE_LINE_NOT_BLANK
]
Country = Annotated[
    str, StringConstraints(min_length=2, max_length=2), ONE_LINE, AfterValidator(_country)
]
UtcDateTime = Annotated[dt.datetime, BeforeValidator(_not_a_number), AfterValidator(_utc)]
# A calendar date (due_on, ends_on, joined_on...), in the years common/dates.py allows.
Day = Annotated[dt.date, AfterValidator(_within_years)]
TagList = Annotated[list[Tag], Field(max_length=MAX_LIST), AfterValidator(_unique)]
