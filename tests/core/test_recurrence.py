import datetime as dt
import itertools
import time
import zoneinfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.series.recurrence import (
    ALLOWED_FREQS,
    Occurrence,
    RecurrenceError,
    held_near,
    next_occurrences,
    normalise_rrule,
    occurrences,
    validate_timezone,
)

UTC = dt.UTC
AMS = "Europe/Amsterdam"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def instants(result: list[Occurrence]) -> list[dt.datetime]:
    return [o.at for o in result]


# --- normalise_rrule ---------------------------------------------------------------------


def test_normalise_strips_prefix_and_whitespace() -> None:
    assert normalise_rrule("  RRULE:FREQ=WEEKLY;BYDAY=MO  ") == "FREQ=WEEKLY;BYDAY=MO"


def test_normalise_upper_cases_and_keeps_part_order() -> None:
    rule = "rrule:byday=mo,we;freq=weekly;interval=2"
    assert normalise_rrule(rule) == "BYDAY=MO,WE;FREQ=WEEKLY;INTERVAL=2"


def test_normalise_tolerates_trailing_semicolon() -> None:
    assert normalise_rrule("FREQ=DAILY;") == "FREQ=DAILY"


@pytest.mark.parametrize(
    ("rule", "mentions"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("RRULE:", "empty"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY XX is not a day"),
        ("FREQ=WEEKLY;WKST=XX", "not valid"),
        ("FREQ=WEEKLY;BYDAY", "NAME=VALUE"),
        ("FREQ=WEEKLY;NONSENSE=1", "NONSENSE"),
        ("INTERVAL=2;BYDAY=MO", "needs a FREQ"),
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=MINUTELY", "FREQ=MINUTELY is not supported"),
        ("FREQ=SECONDLY", "FREQ=SECONDLY is not supported"),
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not supported"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20260101T000000Z", "COUNT and UNTIL"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=DAILY", "DTSTART"),
        ("FREQ=DAILY;DTSTART=20260101T100000", "DTSTART"),
        ("FREQ=DAILY\nEXDATE:20260102T100000", "properties"),
        ("FREQ=DAILY; INTERVAL=2", "without spaces"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number of at least 1"),
        ("FREQ=DAILY;UNTIL=2026-01-01", "UNTIL=2026-01-01 is not a date"),
        ("FREQ=DAILY;UNTIL=20261301", "UNTIL=20261301 is not a date"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ appears more than once"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY values must be from 1 to 31 or -31 to -1"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH values must be from 1 to 12"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR values must be from 0 to 23"),
        ("FREQ=YEARLY;BYEASTER=0", "BYEASTER is not a recurrence rule part"),
        ("FREQ=DAILY;BYHOUR=1,2,3,4,5;BYMINUTE=0,10,20,30,40,50", "more than 24 times a day"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,2,3,4,5,6,7,8", "BYSETPOS may list at most 7"),
        ("FREQ=DAILY;BYHOUR=9,17;BYSETPOS=1", "BYSETPOS needs FREQ=WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=32", "BYSETPOS can be at most 31"),
        ("FREQ=WEEKLY;BYDAY=1MO", "numbered days need MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=+53SA", "with MONTHLY the number is 1 to 5"),
        ("FREQ=YEARLY;BYDAY=-54FR", "with YEARLY the number is 1 to 53"),
        ("FREQ=MONTHLY;BYDAY=FR(+1)", "not a day such as MO, 1MO or -1FR"),
        ("FREQ=DAILY;BYMONTHDAY=" + ",".join(["1"] * 300), "longer than 500 characters"),
    ],
)
def test_normalise_rejects(rule: str, mentions: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        normalise_rrule(rule)
    assert mentions in str(caught.value)


def test_recurrence_error_is_a_value_error() -> None:
    assert issubclass(RecurrenceError, ValueError)
    assert ALLOWED_FREQS == ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


# --- validate_timezone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]
)
def test_validate_timezone_accepts_iana_names(name: str) -> None:
    assert validate_timezone(name) == zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "local",
        "localtime",
        "Factory",
        "Foo/Bar",
        "/etc/localtime",
        "europe/amsterdam",
        "../UTC",
    ],
)
def test_validate_timezone_rejects_unknown_names(name: str) -> None:
    with pytest.raises(RecurrenceError, match="is not a known IANA time zone"):
        validate_timezone(name)


# --- DST ---------------------------------------------------------------------------------


def test_weekly_amsterdam_keeps_local_time_across_both_transitions() -> None:
    result = occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        dt.datetime(2026, 3, 16, 10),
        AMS,
        start=utc(2026, 3, 1),
        end=utc(2026, 11, 3),
    )
    assert len(result) == 34  # 16 March to 2 November: 33 weeks apart
    assert {o.local.time() for o in result} == {dt.time(10)}
    by_day = {o.local_date: o.at for o in result}
    assert by_day[dt.date(2026, 3, 16)] == utc(2026, 3, 16, 9)
    assert by_day[dt.date(2026, 3, 23)] == utc(2026, 3, 23, 9)
    assert by_day[dt.date(2026, 3, 30)] == utc(2026, 3, 30, 8)
    assert by_day[dt.date(2026, 10, 19)] == utc(2026, 10, 19, 8)
    assert by_day[dt.date(2026, 10, 26)] == utc(2026, 10, 26, 9)
    assert by_day[dt.date(2026, 11, 2)] == utc(2026, 11, 2, 9)


def test_weekly_new_york_follows_its_own_transition_dates() -> None:
    result = occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        dt.datetime(2026, 3, 2, 10),
        "America/New_York",
        start=utc(2026, 3, 1),
        end=utc(2026, 11, 10),
    )
    by_day = {o.local_date: o.at for o in result}
    assert by_day[dt.date(2026, 3, 2)] == utc(2026, 3, 2, 15)  # EST
    assert by_day[dt.date(2026, 3, 9)] == utc(2026, 3, 9, 14)  # EDT from 8 March
    assert by_day[dt.date(2026, 3, 30)] == utc(2026, 3, 30, 14)  # Europe changed, NY did not
    assert by_day[dt.date(2026, 10, 26)] == utc(2026, 10, 26, 14)  # Europe is back, NY not
    assert by_day[dt.date(2026, 11, 2)] == utc(2026, 11, 2, 15)  # EST from 1 November


def _daily_for_three_days(first: dt.datetime) -> list[Occurrence]:
    """A daily rule in Amsterdam from ``first`` (local), over the three UTC days from its date."""
    day = utc(first.year, first.month, first.day)
    return occurrences("FREQ=DAILY", first, AMS, start=day, end=day + dt.timedelta(days=3))


def test_nonexistent_local_time_moves_forward_by_the_gap() -> None:
    result = _daily_for_three_days(dt.datetime(2026, 3, 28, 2, 30))
    assert instants(result) == [
        utc(2026, 3, 28, 1, 30),
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
    ]
    assert [o.local for o in result][1] == dt.datetime(2026, 3, 29, 2, 30)
    skipped = result[1].at.astimezone(zoneinfo.ZoneInfo(AMS))
    assert skipped.replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 30)


def test_ambiguous_local_time_takes_the_first_instant() -> None:
    result = _daily_for_three_days(dt.datetime(2026, 10, 24, 2, 30))
    assert instants(result) == [
        utc(2026, 10, 24, 0, 30),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
    ]


def test_two_local_times_on_one_instant_are_reported_once() -> None:
    # 02:30 does not exist on 29 March and moves to 03:30, which the rule also produces.
    result = occurrences(
        "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30",
        dt.datetime(2026, 3, 29, 2, 30),
        AMS,
        start=utc(2026, 3, 29),
        end=utc(2026, 3, 29, 23),
    )
    assert result == [Occurrence(utc(2026, 3, 29, 1, 30), dt.datetime(2026, 3, 29, 2, 30))]


# --- UNTIL, ends_on, leap days -----------------------------------------------------------


def _weekly(rule: str, ends_on: dt.date | None = None) -> list[dt.datetime]:
    start, end = utc(2026, 3, 1), utc(2026, 6, 1)
    found = occurrences(
        rule, dt.datetime(2026, 3, 16, 10), AMS, start=start, end=end, ends_on=ends_on
    )
    return instants(found)


def test_utc_until_is_inclusive_of_its_instant() -> None:
    # 6 April 10:00 CEST is 08:00Z exactly.
    assert _weekly("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260406T080000Z")[-1] == utc(2026, 4, 6, 8)
    assert _weekly("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260406T075959Z")[-1] == utc(2026, 3, 30, 8)


def test_naive_and_date_only_until_are_local() -> None:
    assert _weekly("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260406T100000")[-1] == utc(2026, 4, 6, 8)
    assert _weekly("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260406T095959")[-1] == utc(2026, 3, 30, 8)
    assert _weekly("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260406")[-1] == utc(2026, 4, 6, 8)


def test_ends_on_stops_at_the_end_of_that_local_day() -> None:
    assert _weekly("FREQ=WEEKLY;BYDAY=MO", ends_on=dt.date(2026, 4, 6))[-1] == utc(2026, 4, 6, 8)
    assert _weekly("FREQ=WEEKLY;BYDAY=MO", ends_on=dt.date(2026, 4, 5))[-1] == utc(2026, 3, 30, 8)
    tighter = _weekly("FREQ=WEEKLY;UNTIL=20260501", ends_on=dt.date(2026, 3, 24))
    assert tighter == [utc(2026, 3, 16, 9), utc(2026, 3, 23, 9)]


def test_count_counts_from_dtstart_not_from_the_window() -> None:
    result = _weekly("FREQ=WEEKLY;COUNT=3")
    assert result == [utc(2026, 3, 16, 9), utc(2026, 3, 23, 9), utc(2026, 3, 30, 8)]
    late = occurrences(
        "FREQ=WEEKLY;COUNT=3",
        dt.datetime(2026, 3, 16, 10),
        AMS,
        start=utc(2026, 3, 25),
        end=utc(2027, 1, 1),
    )
    assert instants(late) == [utc(2026, 3, 30, 8)]


def test_yearly_on_29_february_skips_non_leap_years() -> None:
    result = occurrences(
        "FREQ=YEARLY",
        dt.datetime(2024, 2, 29, 12),
        "UTC",
        start=utc(2024, 1, 1),
        end=utc(2034, 1, 1),
    )
    assert instants(result) == [utc(2024, 2, 29, 12), utc(2028, 2, 29, 12), utc(2032, 2, 29, 12)]


# --- windows, limits, arguments ----------------------------------------------------------


def test_window_far_after_dtstart() -> None:
    weekly = occurrences(
        "FREQ=WEEKLY;BYDAY=MO,TH",
        dt.datetime(2000, 1, 3, 9),
        AMS,
        start=utc(2030, 1, 1),
        end=utc(2030, 1, 14, 23, 59),
    )
    assert instants(weekly) == [
        utc(2030, 1, 3, 8),
        utc(2030, 1, 7, 8),
        utc(2030, 1, 10, 8),
        utc(2030, 1, 14, 8),
    ]
    last_friday = occurrences(
        "FREQ=MONTHLY;BYDAY=-1FR",
        dt.datetime(2000, 1, 28, 18),
        AMS,
        start=utc(2030, 1, 1),
        end=utc(2030, 3, 1),
    )
    assert instants(last_friday) == [utc(2030, 1, 25, 17), utc(2030, 2, 22, 17)]


def test_window_centuries_after_dtstart_skips_whole_calendar_cycles() -> None:
    # 1 January 1500 to 1 January 2030 is 193_579 days, one more than a multiple of 3.
    result = occurrences(
        "FREQ=DAILY;INTERVAL=3",
        dt.datetime(1500, 1, 1, 12),
        "UTC",
        start=utc(2030, 1, 1),
        end=utc(2030, 1, 8),
    )
    assert instants(result) == [utc(2030, 1, 3, 12), utc(2030, 1, 6, 12)]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # 1 January 2026 is a Thursday
        "FREQ=MONTHLY;BYMONTH=2",  # BYMONTHDAY defaults to DTSTART's day, the 31st
        "FREQ=WEEKLY;BYHOUR=9,17;BYMONTH=2;BYMONTHDAY=30;BYSETPOS=1,2,3,-1",
    ],
)
def test_rule_that_never_matches_returns_nothing_quickly(rule: str) -> None:
    began = time.perf_counter()
    start, end = utc(2026, 1, 1), utc(2027, 1, 1)
    assert occurrences(rule, dt.datetime(2026, 1, 31, 9), AMS, start=start, end=end) == []
    assert (
        next_occurrences(rule, dt.datetime(2026, 1, 31, 9), AMS, after=utc(2026, 1, 1), count=3)
        == []
    )
    # Unguarded, dateutil searches each of these period by period up to the year 9999.
    assert time.perf_counter() - began < 3


def test_end_of_the_calendar_is_not_an_error() -> None:
    # dateutil raises "year 10000 is out of range" when a week runs past 9999-12-31.
    result = next_occurrences(
        "FREQ=WEEKLY;BYDAY=SU", dt.datetime(9999, 11, 7, 10), "UTC", after=utc(9999, 12, 1), count=9
    )
    assert instants(result) == [utc(9999, 12, 5, 10), utc(9999, 12, 12, 10), utc(9999, 12, 19, 10)]
    everything = occurrences(
        "FREQ=DAILY",
        dt.datetime(1, 1, 1),
        "UTC",
        start=dt.datetime.min.replace(tzinfo=UTC),
        end=utc(1, 1, 6),
    )
    # The first day of the calendar is kept clear of, so that offsets never overflow.
    assert instants(everything) == [utc(1, 1, day) for day in range(2, 7)]


def test_limit_keeps_the_earliest() -> None:
    result = occurrences(
        "FREQ=DAILY",
        dt.datetime(2026, 1, 1, 9),
        "UTC",
        start=utc(2026, 1, 1),
        end=utc(2027, 1, 1),
        limit=3,
    )
    assert instants(result) == [utc(2026, 1, 1, 9), utc(2026, 1, 2, 9), utc(2026, 1, 3, 9)]


def test_next_occurrences_are_strictly_after() -> None:
    result = next_occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        dt.datetime(2026, 3, 16, 10),
        AMS,
        after=utc(2026, 3, 23, 9),
        count=2,
    )
    assert instants(result) == [utc(2026, 3, 30, 8), utc(2026, 4, 6, 8)]
    ended = next_occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        dt.datetime(2026, 3, 16, 10),
        AMS,
        after=utc(2026, 3, 1),
        count=5,
        ends_on=dt.date(2026, 3, 24),
    )
    assert instants(ended) == [utc(2026, 3, 16, 9), utc(2026, 3, 23, 9)]


def test_occurrence_local_date() -> None:
    occ = Occurrence(utc(2026, 3, 16, 23, 30), dt.datetime(2026, 3, 17, 0, 30))
    assert occ.local_date == dt.date(2026, 3, 17)


def test_naive_and_aware_arguments_are_checked() -> None:
    naive, aware = dt.datetime(2026, 1, 1), utc(2026, 1, 1)
    with pytest.raises(ValueError, match="dtstart"):
        occurrences("FREQ=DAILY", aware, "UTC", start=aware, end=aware)
    with pytest.raises(ValueError, match="start"):
        occurrences("FREQ=DAILY", naive, "UTC", start=naive, end=aware)
    with pytest.raises(ValueError, match="end"):
        occurrences("FREQ=DAILY", naive, "UTC", start=aware, end=naive)
    with pytest.raises(ValueError, match="after"):
        next_occurrences("FREQ=DAILY", naive, "UTC", after=naive, count=1)
    with pytest.raises(RecurrenceError, match="IANA"):
        occurrences("FREQ=DAILY", naive, "Mars/Olympus", start=aware, end=aware)


# --- properties --------------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "America/Sao_Paulo",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Europe/London",
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# DST changes happen in the small hours (Sao Paulo's at midnight, Chatham's at 02:45), so
# times there are drawn often enough to land in gaps and repeated hours.
SMALL_HOURS = st.builds(dt.time, st.integers(0, 3), st.sampled_from([0, 15, 30, 45]))
dtstarts = st.builds(
    dt.datetime.combine,
    st.dates(dt.date(2000, 1, 1), dt.date(2035, 1, 1)),
    st.one_of(SMALL_HOURS, st.times().map(lambda t: t.replace(microsecond=0))),
)


@st.composite
def rules(draw: st.DrawFn, near: dt.datetime = dt.datetime(2020, 1, 1)) -> str:
    freq = draw(st.sampled_from(ALLOWED_FREQS))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 4))
    if interval > 1 or draw(st.booleans()):
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    end = draw(st.sampled_from(["none", "count", "utc", "local", "date"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif end != "none":
        offset, minutes = draw(st.integers(0, 1500)), draw(st.integers(0, 24 * 60 - 1))
        until = near + dt.timedelta(days=offset, minutes=minutes)
        fmt = {"utc": "%Y%m%dT%H%M%SZ", "local": "%Y%m%dT%H%M%S", "date": "%Y%m%d"}[end]
        parts.append("UNTIL=" + until.strftime(fmt))
    draw(st.randoms()).shuffle(parts)
    return ";".join(parts)


@st.composite
def series(draw: st.DrawFn) -> tuple[str, dt.datetime, str, dt.datetime]:
    """A rule, its dtstart, its zone, and a window start not far from dtstart."""
    dtstart = draw(dtstarts)
    rule = draw(rules(near=dtstart))
    zone = draw(st.sampled_from(ZONES))
    days, hours = draw(st.integers(-60, 900)), draw(st.integers(0, 23))
    start = dtstart.replace(tzinfo=UTC) + dt.timedelta(days=days, hours=hours)
    return rule, dtstart, zone, start


@st.composite
def small_hours_daily(draw: st.DrawFn) -> tuple[str, dt.datetime, str, dt.datetime]:
    """A daily rule in the small hours over a year: it meets every gap and repeated hour."""
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2035, 1, 1)))
    dtstart = dt.datetime.combine(day, draw(SMALL_HOURS))
    hours = draw(st.lists(st.integers(0, 4), min_size=1, max_size=3, unique=True))
    rule = draw(st.sampled_from(["FREQ=DAILY", f"FREQ=DAILY;BYHOUR={','.join(map(str, hours))}"]))
    return rule, dtstart, draw(st.sampled_from(ZONES)), dtstart.replace(tzinfo=UTC)


PROPERTY = settings(max_examples=100, deadline=None)
cases = st.one_of(series(), small_hours_daily())
window_days = st.integers(0, 400)


@PROPERTY
@given(cases, st.integers(360, 400))  # a year: every zone's DST changes are crossed
def test_instants_read_back_as_the_local_time_unless_it_was_skipped(
    case: tuple[str, dt.datetime, str, dt.datetime], length: int
) -> None:
    rule, dtstart, zone_name, start = case
    zone = zoneinfo.ZoneInfo(zone_name)
    end = start + dt.timedelta(days=length)
    for occ in occurrences(rule, dtstart, zone_name, start=start, end=end):
        back = occ.at.astimezone(zone).replace(tzinfo=None)
        if back != occ.local:
            before = occ.local.replace(tzinfo=zone, fold=0).utcoffset()
            after = occ.local.replace(tzinfo=zone, fold=1).utcoffset()
            assert before is not None and after is not None
            assert after > before, "only a skipped local time may read back differently"
            assert back - occ.local == after - before


@PROPERTY
@given(cases, window_days, st.integers(1, 50))
def test_results_are_increasing_inside_the_window_and_bounded(
    case: tuple[str, dt.datetime, str, dt.datetime], length: int, limit: int
) -> None:
    rule, dtstart, zone_name, start = case
    end = start + dt.timedelta(days=length)
    result = instants(occurrences(rule, dtstart, zone_name, start=start, end=end, limit=limit))
    assert len(result) <= limit
    assert all(a < b for a, b in itertools.pairwise(result))
    assert all(start <= at <= end for at in result)
    assert all(at.utcoffset() == dt.timedelta(0) for at in result)


@PROPERTY
@given(cases, st.integers(0, 300 * 24), st.integers(0, 300 * 24))
def test_splitting_the_window_changes_nothing(
    case: tuple[str, dt.datetime, str, dt.datetime], first: int, second: int
) -> None:
    rule, dtstart, zone_name, a = case
    b = a + dt.timedelta(hours=first)
    c = b + dt.timedelta(hours=second, minutes=13)
    whole = occurrences(rule, dtstart, zone_name, start=a, end=c)
    left = occurrences(rule, dtstart, zone_name, start=a, end=b)
    right = [o for o in occurrences(rule, dtstart, zone_name, start=b, end=c) if o.at > b]
    assert whole == left + right
    following = next_occurrences(rule, dtstart, zone_name, after=b, count=len(right) or 1)
    assert following[: len(right)] == right


@PROPERTY
@given(rules(), st.booleans(), st.booleans(), st.sampled_from(["", " ", "\t"]))
def test_normalise_is_idempotent(rule: str, lower: bool, prefix: bool, pad: str) -> None:
    raw = ("RRULE:" if prefix else "") + rule
    once = normalise_rrule(pad + (raw.lower() if lower else raw) + pad)
    assert once == rule
    assert normalise_rrule(once) == once


@settings(max_examples=20, deadline=None)
@given(
    rules().filter(lambda r: "COUNT" not in r and "UNTIL" not in r),
    st.datetimes(dt.datetime(1590, 1, 1), dt.datetime(1625, 1, 1)),
    st.integers(0, 60),
)
def test_skipping_centuries_matches_plain_dateutil(
    rule: str, dtstart: dt.datetime, days: int
) -> None:
    dtstart = dtstart.replace(microsecond=0)
    start = utc(2030, 1, 1) + dt.timedelta(days=days)
    end = start + dt.timedelta(days=40)
    plain = rrulestr(rule + ";WKST=MO", dtstart=dtstart)
    expected = plain.between(start.replace(tzinfo=None), end.replace(tzinfo=None), inc=True)
    assert [o.local for o in occurrences(rule, dtstart, "UTC", start=start, end=end)] == expected


def test_held_near_finds_a_start_within_tolerance_on_either_side() -> None:
    day = dt.timedelta(days=1)
    at = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    starts = [at - 10 * day, at - 2 * day, at + 5 * day]
    assert held_near(starts, at, 2 * day)  # exactly at the edge counts
    assert not held_near(starts, at, day)
    assert held_near(starts, at + 4 * day, day)  # the later start, after the occurrence
    assert not held_near(starts, at + 7 * day, day)  # past every start
    assert not held_near([], at, 30 * day)
