"""A series' due occurrences and whether each was kept: the one answer that detection's
``series_gap`` findings, the insights' cadence and the series timeline all count from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from services.core.series.models import Series
from services.core.series.recurrence import Occurrence, held_near, occurrences

# How far back a series is checked for missed occurrences.
SERIES_LOOKBACK = dt.timedelta(days=5 * 366)


def of_series(
    series: Series, *, start: dt.datetime, end: dt.datetime, limit: int = 10_000
) -> list[Occurrence]:
    """The series' occurrences whose instant is in [start, end], ascending, at most ``limit``."""
    return occurrences(
        series.rrule,
        series.dtstart,
        series.timezone,
        start=start,
        end=end,
        ends_on=series.ends_on,
        limit=limit,
    )


def is_due(occurrence_at: dt.datetime, tolerance: dt.timedelta, now: dt.datetime) -> bool:
    """Whether an occurrence's tolerance has passed, so that it can count as missed."""
    return occurrence_at + tolerance < now


def due_occurrences(
    series: Series,
    held: Sequence[dt.datetime],
    now: dt.datetime,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    expanded: Sequence[Occurrence] | None = None,
) -> Iterator[tuple[Occurrence, bool]]:
    """The series' occurrences within the look-back (narrowed to [start, end] when given)
    whose tolerance has passed, each with whether a held activity of the series started
    within that tolerance (``held``: those starts, sorted). ``expanded``: the series'
    occurrences over a wider span, already computed (series.expansions), to pick from."""
    tolerance = dt.timedelta(days=series.tolerance_days)
    first = now - SERIES_LOOKBACK if start is None else max(now - SERIES_LOOKBACK, start)
    last = now - tolerance if end is None else min(now - tolerance, end)
    if last < first:
        return
    if expanded is None:
        expanded = of_series(series, start=first, end=last)
    for occurrence in expanded:
        if not first <= occurrence.at <= last:
            continue
        if is_due(occurrence.at, tolerance, now):
            yield occurrence, held_near(held, occurrence.at, tolerance)
