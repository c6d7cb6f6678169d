"""Series expansion, cached per series for detection.

Expanding 5 000 recurrence rules over the five-year look-back was most of a detection pass
over a large deployment (bench/RESULTS.md). A worker keeps each series' expansion, over the
look-back and a horizon ahead, keyed by what the occurrences depend on (rule, start, time
zone, end date and the row's version): a changed rule is a new key, so a stale expansion is
never used. The cache holds a bounded number of series, least recently used out first.

``crosses`` tells from an expansion whether time alone changed a series' missed occurrences
between two passes: an occurrence's tolerance ran out, or one left the look-back.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from services.core.series.models import Series
from services.core.series.occurrences import SERIES_LOOKBACK, of_series
from services.core.series.recurrence import Occurrence

# How far ahead an expansion reaches, and how much of it may be used up before it is redone.
HORIZON = dt.timedelta(days=400)
REFRESH = dt.timedelta(days=200)
# As recurrence.occurrences: an expansion that reaches it is not complete, and not cached.
LIMIT = 10_000

Fingerprint = tuple[int, str, dt.datetime, str, dt.date | None]


def fingerprint(series: Series) -> Fingerprint:
    return (series.version, series.rrule, series.dtstart, series.timezone, series.ends_on)


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NAIVE_EPOCH = dt.datetime(1970, 1, 1)
MICROSECOND = dt.timedelta(microseconds=1)


def _micros(delta: dt.timedelta) -> int:
    return delta // MICROSECOND


@dataclass(frozen=True, slots=True)
class Expansion:
    """A series' occurrences from ``start`` to ``end``, ascending, held compactly (16 bytes
    an occurrence: a worker keeps thousands of series with years of occurrences each)."""

    key: Fingerprint
    start: dt.datetime
    end: dt.datetime
    at: array[int]  # the instants, microseconds since the epoch (UTC)
    local: array[int]  # the naive local wall-clock times, the same way

    @classmethod
    def of(
        cls, key: Fingerprint, start: dt.datetime, end: dt.datetime, found: list[Occurrence]
    ) -> Expansion:
        return cls(
            key,
            start,
            end,
            array("q", (_micros(o.at - EPOCH) for o in found)),
            array("q", (_micros(o.local - NAIVE_EPOCH) for o in found)),
        )

    def covers(self, since: dt.datetime, now: dt.datetime) -> bool:
        return self.start <= since - SERIES_LOOKBACK and now + HORIZON - REFRESH <= self.end

    def any_between(self, first: dt.datetime, last: dt.datetime) -> bool:
        index = bisect.bisect_left(self.at, _micros(first - EPOCH))
        return index < len(self.at) and self.at[index] <= _micros(last - EPOCH)

    def between(self, first: dt.datetime, last: dt.datetime) -> list[Occurrence]:
        """The occurrences whose instant is in [first, last]."""
        low = bisect.bisect_left(self.at, _micros(first - EPOCH))
        high = bisect.bisect_right(self.at, _micros(last - EPOCH))
        return [
            Occurrence(
                EPOCH + dt.timedelta(microseconds=self.at[i]),
                NAIVE_EPOCH + dt.timedelta(microseconds=self.local[i]),
            )
            for i in range(low, high)
        ]


class Expansions:
    """Per-process cache of series expansions, at most ``size`` series."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._entries: OrderedDict[uuid.UUID, Expansion] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, series: Series, now: dt.datetime, since: dt.datetime | None = None
    ) -> Expansion | None:
        """The series' occurrences from the look-back before ``since`` (or ``now``) to the
        horizon after ``now``; None if there are too many to hold (the caller expands exactly
        what it needs instead)."""
        since = now if since is None else min(since, now)
        key = fingerprint(series)
        entry = self._entries.get(series.id)
        if entry is not None and entry.key == key and entry.covers(since, now):
            self._entries.move_to_end(series.id)
            self.hits += 1
            return entry
        self.misses += 1
        start, end = since - SERIES_LOOKBACK, now + HORIZON
        found = of_series(series, start=start, end=end, limit=LIMIT)
        self._entries.pop(series.id, None)
        if len(found) >= LIMIT or self.size == 0:
            return None
        entry = Expansion.of(key, start, end, found)
        self._entries[series.id] = entry
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()


def crosses(
    series: Series, expansion: Expansion | None, since: dt.datetime, now: dt.datetime
) -> bool:
    """Whether time alone, from ``since`` to ``now``, may have changed the series' missed
    occurrences: an occurrence's tolerance ran out, or one left the look-back (conservative:
    True whenever it cannot tell)."""
    if expansion is None or now < since:
        return True
    tolerance = dt.timedelta(days=series.tolerance_days)
    return any(
        expansion.any_between(since - shift, now - shift) for shift in (tolerance, SERIES_LOOKBACK)
    )


# The worker's cache (one per process).
CACHE = Expansions()
