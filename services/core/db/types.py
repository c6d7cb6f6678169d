"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid

from sqlalchemy import JSON, DateTime, Dialect, TypeDecorator, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from services.core.db.dialect import of, stores_naive_utc

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")

GUID = Uuid(as_uuid=True)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always stored and returned in UTC.

    SQLite has no time zone support and returns naive values; refusing naive input and
    re-attaching UTC on the way out means no code path ever compares naive with aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: pass an aware datetime in UTC")
        value = value.astimezone(dt.UTC)
        # SQLite compares timestamps as text, so store them naive and uniformly formatted.
        return value.replace(tzinfo=None) if stores_naive_utc(of(dialect)) else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7), so new rows land at the end of id indexes."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & 0x3FFF_FFFF_FFFF_FFFF
    return uuid.UUID(int=value)
