"""The worker's cache of series expansions: the same occurrences as expanding afresh, a new
expansion whenever the rule changes, and no more series kept than it may hold."""

from __future__ import annotations

import datetime as dt
import uuid

from services.core.series.expansions import Expansions, crosses
from services.core.series.models import Series
from services.core.series.occurrences import SERIES_LOOKBACK
from services.core.series.recurrence import occurrences

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def series(rrule: str = "FREQ=WEEKLY;BYDAY=MO", *, version: int = 1, **fields: object) -> Series:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "rrule": rrule,
        "dtstart": dt.datetime(2022, 1, 3, 10, 0),
        "timezone": "Europe/Amsterdam",
        "tolerance_days": 2,
        "ends_on": None,
        "version": version,
    }
    return Series(**(values | fields))


def fresh(row: Series, first: dt.datetime, last: dt.datetime) -> list[object]:
    return list(
        occurrences(
            row.rrule, row.dtstart, row.timezone, start=first, end=last, ends_on=row.ends_on
        )
    )


def test_a_cached_expansion_gives_the_occurrences_expanded_afresh() -> None:
    cache = Expansions()
    row = series()
    first, last = NOW - SERIES_LOOKBACK, NOW
    expansion = cache.get(row, NOW)
    assert expansion is not None
    assert expansion.between(first, last) == fresh(row, first, last)
    # Across daylight-saving time too: 10:00 in Amsterdam is 09:00Z in winter, 08:00Z in summer.
    hours = {o.at.hour for o in expansion.between(first, last)}
    assert hours == {8, 9}
    assert cache.get(row, NOW + dt.timedelta(days=30)) is expansion


def test_a_changed_rule_is_expanded_again() -> None:
    cache = Expansions()
    row = series()
    before = cache.get(row, NOW)
    row.rrule, row.version = "FREQ=WEEKLY;BYDAY=TH", 2
    after = cache.get(row, NOW)
    assert before is not None and after is not None and after is not before
    first, last = NOW - dt.timedelta(days=60), NOW
    assert {o.local.weekday() for o in after.between(first, last)} == {3}
    assert after.between(first, last) == fresh(row, first, last)


def test_the_cache_holds_at_most_its_size() -> None:
    cache = Expansions(size=3)
    rows = [series() for _ in range(5)]
    for row in rows:
        cache.get(row, NOW)
    assert len(cache) == 3
    misses = cache.misses
    cache.get(rows[-1], NOW)  # among the most recent: kept
    cache.get(rows[0], NOW)  # the least recent: gone, expanded again
    assert cache.misses == misses + 1


def test_crossing_is_seen_when_an_occurrence_runs_out_of_tolerance() -> None:
    cache = Expansions()
    row = series(tolerance_days=2)
    # Monday 1 June 2026, 10:00 in Amsterdam (08:00Z): missed once Wednesday 08:00Z passes.
    expansion = cache.get(row, NOW)
    due = dt.datetime(2026, 6, 3, 8, tzinfo=dt.UTC)
    assert crosses(row, expansion, due - dt.timedelta(hours=1), due + dt.timedelta(hours=1))
    assert not crosses(row, expansion, due + dt.timedelta(hours=1), due + dt.timedelta(hours=2))
