"""RFC 5545 text: content lines, escaping, folding, recurrence rules and VTIMEZONE.

Written by hand rather than with a library because the feed is streamed: components are
rendered one at a time, never held as one calendar object in memory.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

from services.core.common import dates
from services.core.series.recurrence import normalise_rrule

CRLF = "\r\n"
LINE_OCTETS = 75
DAY = dt.timedelta(days=1)


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into chunks of at most 75 octets without splitting a UTF-8
    character; each continuation starts with a space."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line + CRLF
    parts = []
    start, limit = 0, LINE_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # inside a character
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, LINE_OCTETS - 1  # the leading space takes one octet
    return CRLF.join([parts[0], *(" " + part for part in parts[1:])]) + CRLF


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def duration(value: dt.timedelta) -> str:
    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    if not days and not time:
        return "PT0S"
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def _end_of_local_day(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    # Clamped: stored ends may predate the API's bounds, and 9999-12-31 in New York is
    # past the last instant datetime can hold. The feed's events all lie well inside.
    return dt.datetime.combine(dates.clamp_day(day), dt.time(23, 59, 59), tzinfo=zone)


def rrule(rule: str, zone_name: str, ends_on: dt.date | None) -> str:
    """The series' rule for a DTSTART with TZID: RFC 5545 then wants UNTIL in UTC, so a local
    or date-only UNTIL (which includes its whole day) and ends_on become a UTC UNTIL."""
    zone = zoneinfo.ZoneInfo(zone_name)
    parts = dict(part.split("=", 1) for part in normalise_rrule(rule).split(";"))
    until = parts.get("UNTIL")
    if until is not None and not until.endswith("Z"):
        if "T" in until:
            naive = dt.datetime.strptime(until, "%Y%m%dT%H%M%S")
            end = naive.replace(tzinfo=zone)
            if not dates.in_range(naive):  # clamped, as a date would be
                end = _end_of_local_day(naive.date(), zone)
        else:
            end = _end_of_local_day(dt.datetime.strptime(until, "%Y%m%d").date(), zone)
        parts["UNTIL"] = utc(end)
    if ends_on is not None:
        parts["UNTIL"] = utc(_end_of_local_day(ends_on, zone))
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _offset(value: dt.timedelta | None) -> str:
    seconds = int((value or dt.timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _observance(
    at: dt.datetime, zone: zoneinfo.ZoneInfo, before: dt.timedelta | None
) -> Iterator[str]:
    """The observance that starts at the UTC instant ``at``; DTSTART is the local time it
    starts at, read with the offset in force before (TZOFFSETFROM), as RFC 5545 wants."""
    after = at.astimezone(zone)
    kind = "DAYLIGHT" if after.dst() else "STANDARD"
    onset = (at + (before or dt.timedelta())).replace(tzinfo=None)
    yield f"BEGIN:{kind}"
    yield f"DTSTART:{local(onset)}"
    yield f"TZOFFSETFROM:{_offset(before)}"
    yield f"TZOFFSETTO:{_offset(after.utcoffset())}"
    if after.tzname():
        yield f"TZNAME:{escape(after.tzname() or '')}"
    yield f"END:{kind}"


def vtimezone(name: str, start: dt.datetime, end: dt.datetime) -> Iterator[str]:
    """VTIMEZONE for ``name`` with every offset change between the UTC instants start and end.

    zoneinfo has no list of transitions, so offsets are sampled daily and each change is
    narrowed down to the second. Calendar apps that know the IANA name use their own rules;
    the others get exact ones for the years the feed covers.
    """
    zone = zoneinfo.ZoneInfo(name)

    def offset(at: dt.datetime) -> dt.timedelta | None:
        return at.astimezone(zone).utcoffset()

    at = start.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    current = offset(at)
    yield "BEGIN:VTIMEZONE"
    yield f"TZID:{name}"
    yield from _observance(at, zone, current)
    while at < end:
        following = at + DAY
        if offset(following) != current:
            low, high = int(at.timestamp()), int(following.timestamp())
            while high - low > 1:  # whole seconds: transitions happen on the second
                middle = (low + high) // 2
                if offset(dt.datetime.fromtimestamp(middle, dt.UTC)) == current:
                    low = middle
                else:
                    high = middle
            changed = dt.datetime.fromtimestamp(high, dt.UTC)
            yield from _observance(changed, zone, current)
            current = offset(changed)
        at = following
    yield "END:VTIMEZONE"
