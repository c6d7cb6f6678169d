"""Recurrence rules for series: validation and DST-correct expansion.

A rule is expanded on local wall-clock time, so a 10:00 meeting stays at 10:00 local across
DST changes; each local time is then placed on the UTC timeline. A local time that does not
exist (spring-forward gap) moves forward by the length of the gap: 02:30 on the day Amsterdam
skips 02:00-03:00 is 03:30 CEST (01:30Z). An ambiguous local time (fall-back) takes its first
instant (fold=0): 02:30 on the day Amsterdam repeats 02:00-03:00 is 02:30 CEST (00:30Z).
Should two local times land on one instant (02:30 and 03:30 on a spring-forward day), the
instant is reported once, with the earlier local time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dateutil import rrule as du

ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_RULE_LENGTH = 500
# More times a day than this is an HOURLY or MINUTELY rule in disguise.
MAX_TIMES_PER_DAY = 24
# dateutil scans every period once per BYSETPOS value; this keeps a rule cheap to expand.
MAX_SETPOS_VALUES = 7

# RFC 5545 ranges: (low, high, may be negative).
_LIST_PARTS = {
    "BYSECOND": (0, 59, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_PARTS = frozenset({"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_LIST_PARTS})
_BYDAY_RE = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL_RE = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?")
# zoneinfo lists these, but they follow the host or name no real place.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
# Wider than any UTC offset plus DST shift, so bounds taken on local time never cut off an
# occurrence whose instant is inside the window.
_MARGIN = dt.timedelta(days=2)
# datetime stops at the years 1 and 9999; windows are clipped well inside so that offsets
# and margins never overflow.
_FIRST = dt.datetime(1, 1, 4, tzinfo=dt.UTC)
_LAST = dt.datetime(9999, 12, 25, tzinfo=dt.UTC)
_TICK = dt.timedelta(microseconds=1)
# The Gregorian calendar repeats every 400 years: 146097 days, 20871 weeks, 4800 months.
_CYCLE_STEPS = {du.DAILY: 146_097, du.WEEKLY: 20_871, du.MONTHLY: 4_800, du.YEARLY: 400}
_FREQ_CODES = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY, "YEARLY": du.YEARLY}


class RecurrenceError(ValueError):
    """Carries a plain-English message suitable for an API validation error."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    at: dt.datetime  # aware, UTC
    local: dt.datetime  # naive wall-clock time in the series' zone, as the rule produced it

    @property
    def local_date(self) -> dt.date:
        return self.local.date()


@dataclass(frozen=True, slots=True)
class _Rule:
    canonical: str
    core: str  # for dateutil: COUNT and UNTIL are applied separately, WKST is explicit
    freq: int
    interval: int
    count: int | None
    until: dt.datetime | None  # naive
    until_is_utc: bool


def normalise_rrule(rule: str) -> str:
    """Validate an RRULE value; return it upper-case, without "RRULE:", parts in order."""
    return _parse(rule).canonical


@functools.lru_cache(maxsize=1024)
def _parse(rule: str) -> _Rule:
    parts = _split(rule)
    freq = parts.get("FREQ")
    if freq is None:
        raise RecurrenceError("The recurrence rule needs a FREQ, for example FREQ=WEEKLY.")
    if freq not in ALLOWED_FREQS:
        allowed = ", ".join(ALLOWED_FREQS)
        raise RecurrenceError(f"FREQ={freq} is not supported; use one of {allowed}.")
    if "COUNT" in parts and "UNTIL" in parts:  # dateutil only warns
        raise RecurrenceError("COUNT and UNTIL cannot be used together; choose one.")
    # dateutil accepts INTERVAL=0 (and then repeats DTSTART forever) and COUNT=0.
    interval = _positive_int(parts, "INTERVAL") or 1
    count = _positive_int(parts, "COUNT")
    until, until_is_utc = _parse_until(parts["UNTIL"]) if "UNTIL" in parts else (None, False)
    _check_by_parts(parts, freq)
    core = ";".join(f"{k}={v}" for k, v in parts.items() if k not in ("COUNT", "UNTIL"))
    # Without WKST dateutil takes the week start from calendar.firstweekday(), a process-wide
    # setting; RFC 5545 says Monday.
    core += "" if "WKST" in parts else ";WKST=MO"
    try:
        _dateutil_rule(core, dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise RecurrenceError(f"The recurrence rule is not valid: {exc}.") from exc
    canonical = ";".join(f"{k}={v}" for k, v in parts.items())
    return _Rule(canonical, core, _FREQ_CODES[freq], interval, count, until, until_is_utc)


def _split(rule: str) -> dict[str, str]:
    if len(rule) > MAX_RULE_LENGTH:
        raise RecurrenceError(f"The recurrence rule is longer than {MAX_RULE_LENGTH} characters.")
    text = rule.strip().upper().removeprefix("RRULE:").strip()
    if not text:
        raise RecurrenceError("The recurrence rule is empty.")
    if ":" in text or any(c.isspace() for c in text):
        raise RecurrenceError(
            "The recurrence rule must be one RRULE value without spaces, such as "
            "FREQ=WEEKLY;BYDAY=MO; DTSTART and other properties are not allowed in it."
        )
    parts: dict[str, str] = {}
    for part in filter(None, text.split(";")):  # tolerate a trailing ";"
        name, _, value = part.partition("=")
        if not name or not value or "=" in value:
            raise RecurrenceError(f"The rule part {part} is not of the form NAME=VALUE.")
        if name == "DTSTART":
            raise RecurrenceError("DTSTART is not allowed in the rule; it is set separately.")
        if name not in _PARTS:
            raise RecurrenceError(f"{name} is not a recurrence rule part this service supports.")
        if name in parts:  # dateutil would silently keep the last one
            raise RecurrenceError(f"{name} appears more than once in the recurrence rule.")
        parts[name] = value
    return parts


def _check_by_parts(parts: dict[str, str], freq: str) -> None:
    # dateutil ignores some out-of-range values (BYMONTHDAY=0, 2MO with WEEKLY), never
    # matches others (BYMONTH=13) and crashes on a few (+53SA with MONTHLY).
    times_per_day = 1
    for name, (low, high, signed) in _LIST_PARTS.items():
        values = set(parts[name].split(",")) if name in parts else {""}
        for item in values - {""}:
            number = int(item) if re.fullmatch(r"[+-]?\d{1,3}", item) else None
            if number is None or not low <= (abs(number) if signed else number) <= high:
                span = f"{low} to {high}" + (f" or -{high} to -{low}" if signed else "")
                raise RecurrenceError(f"{name} values must be from {span}, not {item}.")
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            times_per_day *= len(values)
    if times_per_day > MAX_TIMES_PER_DAY:
        raise RecurrenceError(f"The rule gives more than {MAX_TIMES_PER_DAY} times a day.")
    positions = parts["BYSETPOS"].split(",") if "BYSETPOS" in parts else []
    if positions and freq == "DAILY":  # pointless, and the slowest case to expand
        raise RecurrenceError("BYSETPOS needs FREQ=WEEKLY, MONTHLY or YEARLY.")
    if len(positions) > MAX_SETPOS_VALUES:
        raise RecurrenceError(f"BYSETPOS may list at most {MAX_SETPOS_VALUES} positions.")
    # A position past the end of every period can never match, and searching for it is slow.
    size = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}.get(freq, 1) * times_per_day
    if any(abs(int(p)) > size for p in positions):
        raise RecurrenceError(f"BYSETPOS can be at most {size}: no {freq} period holds more.")
    most = {"MONTHLY": 5, "YEARLY": 53}.get(freq, 0)
    for item in parts["BYDAY"].split(",") if "BYDAY" in parts else ():
        match = _BYDAY_RE.fullmatch(item)
        if match is None:
            raise RecurrenceError(f"BYDAY {item} is not a day such as MO, 1MO or -1FR.")
        if match[1] and not most:
            raise RecurrenceError(f"BYDAY {item}: numbered days need MONTHLY or YEARLY.")
        if match[1] and not 1 <= abs(int(match[1])) <= most:
            raise RecurrenceError(f"BYDAY {item}: with {freq} the number is 1 to {most}.")


def _positive_int(parts: dict[str, str], name: str) -> int | None:
    value = parts.get(name)
    if value is None:
        return None
    if not value.isdecimal() or int(value) < 1:
        raise RecurrenceError(f"{name} must be a whole number of at least 1, not {value}.")
    return int(value)


def _parse_until(value: str) -> tuple[dt.datetime, bool]:
    match = _UNTIL_RE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        date, time, zulu = match.groups()
        if time is None:  # a date-only UNTIL includes that whole local day, like ends_on
            return dt.datetime.combine(dt.datetime.strptime(date, "%Y%m%d"), dt.time.max), False
        return dt.datetime.strptime(date + time, "%Y%m%d%H%M%S"), zulu == "Z"
    except ValueError:
        raise RecurrenceError(
            f"UNTIL={value} is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])."
        ) from None


def _dateutil_rule(core: str, dtstart: dt.datetime) -> du.rrule:
    parsed = du.rrulestr(core, dtstart=dtstart)
    if not isinstance(parsed, du.rrule):  # a single RRULE value never gives a set
        raise TypeError("expected a single rule")
    return parsed


def validate_timezone(name: str) -> zoneinfo.ZoneInfo:
    """Return the zone for an IANA name; host-dependent names and file paths are refused."""
    if name not in _known_zones():
        raise RecurrenceError(f"{name!r} is not a known IANA time zone.")
    return zoneinfo.ZoneInfo(name)


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - _NOT_ZONES) | {"UTC"}


def occurrences(
    rule: str,
    dtstart: dt.datetime,
    timezone: str,
    *,
    start: dt.datetime,
    end: dt.datetime,
    ends_on: dt.date | None = None,
    limit: int = 10_000,
) -> list[Occurrence]:
    """Occurrences whose instant is in [start, end] (aware), ascending, at most ``limit``.

    ``dtstart`` is naive wall-clock time in ``timezone``; gaps and repeated hours resolve as
    the module docstring says. A UTC UNTIL ("...Z") bounds the instant; a naive or date-only
    UNTIL (the whole day) and ``ends_on`` (a date, inclusive) bound the local time.
    """
    _check_aware(start, "start")
    _check_aware(end, "end")
    return _collect(rule, dtstart, timezone, ends_on, start, end, limit)


def next_occurrences(
    rule: str,
    dtstart: dt.datetime,
    timezone: str,
    *,
    after: dt.datetime,
    count: int,
    ends_on: dt.date | None = None,
) -> list[Occurrence]:
    """The next ``count`` occurrences strictly after the aware instant ``after``."""
    _check_aware(after, "after")
    # datetime resolution is one microsecond, so "strictly after" is "from one tick later".
    return _collect(rule, dtstart, timezone, ends_on, min(after, _LAST) + _TICK, _LAST, count)


def first_occurrence(
    rule: str, dtstart: dt.datetime, timezone: str, *, ends_on: dt.date | None = None
) -> Occurrence | None:
    """The series' first real occurrence, or None when it has none.

    ``dtstart`` anchors the rule but need not match it (a monthly BYDAY=2TU rule may start on
    a Saturday); RFC 5545 counts DTSTART itself as the first instance, so an export must
    start from this occurrence instead.
    """
    found = _collect(rule, dtstart, timezone, ends_on, _FIRST, _LAST, 1)
    return found[0] if found else None


def _check_aware(value: dt.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _collect(
    rule: str,
    dtstart: dt.datetime,
    timezone: str,
    ends_on: dt.date | None,
    lower: dt.datetime,
    upper: dt.datetime,
    limit: int,
) -> list[Occurrence]:
    if dtstart.tzinfo is not None:
        raise ValueError("dtstart must be a naive local date-time")
    parsed = _parse(rule)
    zone = validate_timezone(timezone)
    if limit <= 0 or upper < lower or _never_occurs(parsed.core, dtstart):
        return []
    until_at = None  # exact bound on the instant, checked per occurrence
    until_local = parsed.until  # bound handed to dateutil
    if parsed.until is not None and parsed.until_is_utc:
        # dateutil refuses an aware UNTIL with a naive DTSTART.
        until_at = parsed.until.replace(tzinfo=dt.UTC)
        until_local = _local(until_at, zone, _MARGIN)
    if ends_on is not None:
        end_of_day = dt.datetime.combine(ends_on, dt.time.max)
        until_local = end_of_day if until_local is None else min(until_local, end_of_day)
    lower_local = _local(lower, zone, -_MARGIN)
    stop = _local(upper, zone, _MARGIN)
    if parsed.count is None:  # COUNT counts from the real DTSTART
        dtstart = _fast_forward(dtstart, parsed, lower_local)
    expander = _dateutil_rule(parsed.core, dtstart).replace(count=parsed.count, until=until_local)
    found: list[Occurrence] = []
    for local in _to_end_of_calendar(expander.xafter(lower_local, inc=True)):
        if local > stop:
            break
        occ = _occurrence(local, zone)
        if until_at is not None and occ.at > until_at:
            continue
        if lower <= occ.at <= upper:
            found.append(occ)
            if len(found) == limit:
                # Local order and instant order can differ within a DST shift.
                stop = min(stop, local + _MARGIN)
    unique: dict[dt.datetime, Occurrence] = {}
    for occ in sorted(found, key=lambda o: (o.at, o.local)):
        unique.setdefault(occ.at, occ)
    return list(unique.values())[:limit]


def _to_end_of_calendar(dates: Iterator[dt.datetime]) -> Iterator[dt.datetime]:
    try:
        yield from dates
    except (ValueError, OverflowError):  # dateutil raises when a week runs into year 10000
        return


def _local(instant: dt.datetime, zone: zoneinfo.ZoneInfo, shift: dt.timedelta) -> dt.datetime:
    clipped = min(max(instant, _FIRST), _LAST)
    return clipped.astimezone(zone).replace(tzinfo=None) + shift


def _occurrence(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> Occurrence:
    # PEP 495 fold=0: the first instant of a repeated time and, for a skipped time, the
    # offset from before the gap, which reads as the wall time moved forward by the gap.
    return Occurrence(at=local.replace(tzinfo=zone).astimezone(dt.UTC), local=local)


def _cycle_years(parsed: _Rule) -> int:
    # Moving DTSTART by this many years moves every later occurrence by as much: the
    # calendar repeats every 400 years, and the INTERVAL stepping must line up as well.
    steps = _CYCLE_STEPS[parsed.freq]
    return 400 * parsed.interval // math.gcd(parsed.interval, steps)


def _fast_forward(dtstart: dt.datetime, parsed: _Rule, lower: dt.datetime) -> dt.datetime:
    # dateutil always iterates from DTSTART; skipping whole cycles keeps a window centuries
    # later cheap. Two years' slack keeps DTSTART's partial first period out of the window.
    cycle = _cycle_years(parsed)
    cycles = (lower.year - 2 - dtstart.year) // cycle
    return dtstart.replace(year=dtstart.year + cycles * cycle) if cycles > 0 else dtstart


@functools.lru_cache(maxsize=1024)
def _never_occurs(core: str, dtstart: dt.datetime) -> bool:
    # A rule matching no date at all (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30, or INTERVAL=7 with
    # BYDAY on another weekday than DTSTART) makes dateutil search period by period up to
    # the year 9999, for seconds, whatever UNTIL or COUNT say: those only act on a match.
    # One cycle without a match means none ever, so probe the last cycle before 9999.
    parsed = _parse(core)
    cycle = _cycle_years(parsed)
    cycles = max(0, (dt.MAXYEAR - 1 - cycle - dtstart.year) // cycle)
    probe = _dateutil_rule(core, dtstart.replace(year=dtstart.year + cycles * cycle))
    try:
        return next(iter(probe), None) is None
    except (ValueError, OverflowError):  # ran off the end of the calendar
        return True


def held_index(
    starts: Sequence[dt.datetime], at: dt.datetime, tolerance: dt.timedelta
) -> int | None:
    """The index of the earliest of ``starts`` (sorted) within ``tolerance`` of ``at``, or
    None: the test of an occurrence kept, in a binary search instead of a scan of the
    series' whole history."""
    first = bisect.bisect_left(starts, at - tolerance)
    if first < len(starts) and starts[first] <= at + tolerance:
        return first
    return None


def held_near(starts: Sequence[dt.datetime], at: dt.datetime, tolerance: dt.timedelta) -> bool:
    """Whether any of ``starts`` (sorted) lies within ``tolerance`` of ``at``."""
    return held_index(starts, at, tolerance) is not None
