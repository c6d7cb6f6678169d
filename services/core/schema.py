"""Building blocks shared by every domain's request and response schemas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

T = TypeVar("T")

MAX_LIST = 50


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchModel(StrictModel):
    """A partial update: only the fields sent are applied.

    Sending ``null`` is allowed only for fields that may be empty (``NULLABLE``); every other
    field must be left out rather than nulled.
    """

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PatchModel:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.NULLABLE:
                raise ValueError(f"{name} may not be null")
        return self

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
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("date-times need a time zone offset, e.g. 2026-01-10T08:00:00Z")
    return value.astimezone(dt.UTC)


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Country = Annotated[str, StringConstraints(min_length=2, max_length=2), AfterValidator(_country)]
UtcDateTime = Annotated[dt.datetime, AfterValidator(_utc)]
TagList = Annotated[list[Tag], Field(max_length=MAX_LIST), AfterValidator(_unique)]
