"""The span of dates Drumbeat works with: the years 1900 to 2200, inclusive.

No planning data lies outside it, and Python's datetime stops at the years 1 and 9999, so an
offset or a day's margin added near either end overflows (and asyncpg stores those ends as
PostgreSQL's -infinity and infinity, which date arithmetic refuses). Requests are held to these
years (services/core/common/schema.py); code that reads stored values, which may be older than the
rule or written by another path, skips or clamps them with the same bounds.
"""

from __future__ import annotations

import datetime as dt

from services.core.common.errors import invalid

MIN_YEAR = 1900
MAX_YEAR = 2200
FIRST_DAY = dt.date(MIN_YEAR, 1, 1)
LAST_DAY = dt.date(MAX_YEAR, 12, 31)
EARLIEST = dt.datetime(MIN_YEAR, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(MAX_YEAR + 1, 1, 1, tzinfo=dt.UTC)  # exclusive
OUT_OF_RANGE = f"dates must be in the years {MIN_YEAR} to {MAX_YEAR}"


def in_range(value: dt.date) -> bool:
    """A date or date-time (naive or aware: by its own calendar) within the span."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def check(value: dt.date) -> None:
    """For validators: a ValueError, which becomes a 422 pointing at the field."""
    if not in_range(value):
        raise invalid("date_out_of_range", OUT_OF_RANGE)


def clamp_day(day: dt.date) -> dt.date:
    return min(max(day, FIRST_DAY), LAST_DAY)
