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
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from services.core.series.models import Series
from services.core.series.occurrences import SERIES_LOOKBACK
from services.core.series.recurrence import Occurrence, occurrences

# How far ahead an expansion reaches, and how much of it may be used up before it is redone.
HORIZON = dt.timedelta(days=400)
REFRESH = dt.timedelta(days=200)
# As recurrence.occurrences: an expansion that reaches it is not complete, and not cached.
LIMIT = 10_000

Fingerprint = tuple[int, str, dt.datetime, str, dt.date | None]


def fingerprint(series: Series) -> Fingerprint:
    return (series.version, series.rrule, series.dtstart, series.timezone, series.ends_on)


@dataclass(frozen=True, slots=True)
class Expansion:
    key: Fingerprint
    start: dt.datetime
    end: dt.datetime
    occurrences: tuple[Occurrence, ...]

    def covers(self, since: dt.datetime, now: dt.datetime) -> bool:
        return self.start <= since - SERIES_LOOKBACK and now + HORIZON - REFRESH <= self.end


class Expansions:
    """Per-process cache of series expansions, at most ``size`` series."""

    def __init__(self, size: int = 2_000) -> None:
        self.size = size
        self._entries: OrderedDict[uuid.UUID, Expansion] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, series: Series, now: dt.datetime, since: dt.datetime | None = None
    ) -> Sequence[Occurrence] | None:
        """The series' occurrences from the look-back before ``since`` (or ``now``) to the
        horizon after ``now``, ascending; None if there are too many to hold (the caller
        expands exactly what it needs instead)."""
        since = now if since is None else min(since, now)
        key = fingerprint(series)
        entry = self._entries.get(series.id)
        if entry is not None and entry.key == key and entry.covers(since, now):
            self._entries.move_to_end(series.id)
            self.hits += 1
            return entry.occurrences
        self.misses += 1
        start, end = since - SERIES_LOOKBACK, now + HORIZON
        found = occurrences(
            series.rrule,
            series.dtstart,
            series.timezone,
            start=start,
            end=end,
            ends_on=series.ends_on,
            limit=LIMIT,
        )
        if len(found) >= LIMIT:
            self._entries.pop(series.id, None)
            return None
        self._entries[series.id] = Expansion(key, start, end, tuple(found))
        self._entries.move_to_end(series.id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return self._entries[series.id].occurrences

    def clear(self) -> None:
        self._entries.clear()


def crosses(
    series: Series, expanded: Sequence[Occurrence] | None, since: dt.datetime, now: dt.datetime
) -> bool:
    """Whether time alone, from ``since`` to ``now``, may have changed the series' missed
    occurrences: an occurrence's tolerance ran out, or one left the look-back (conservative:
    True whenever it cannot tell)."""
    if expanded is None or now < since:
        return True
    tolerance = dt.timedelta(days=series.tolerance_days)
    for shift in (tolerance, SERIES_LOOKBACK):
        index = bisect.bisect_left(expanded, since - shift, key=lambda o: o.at)
        if index < len(expanded) and expanded[index].at <= now - shift:
            return True
    return False


# The worker's cache (one per process).
CACHE = Expansions()
