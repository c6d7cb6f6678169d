"""Properties of the request schemas: they accept exactly what the domain's own checks accept.

Tested on the pydantic schemas the API validates with, so they run in milliseconds; the API
tests show that a schema error becomes a 422 with the field's pointer.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from services.core.networks.schemas import NetworkCreate, NetworkUpdate
from services.core.series.recurrence import RecurrenceError, normalise_rrule
from services.core.series.schemas import SeriesCreate, SeriesUpdate

PROPERTY = settings(max_examples=50, deadline=None)

# --- RRULE --------------------------------------------------------------------------------

PART_NAMES = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTH",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "WKST",
    "DTSTART",
    "X-CUSTOM",
    "freq",
    "byday",
]
PART_VALUES = [
    "DAILY",
    "WEEKLY",
    "MONTHLY",
    "YEARLY",
    "HOURLY",
    "SECONDLY",
    "MO",
    "2TU",
    "-1FR",
    "MO,WE,FR",
    "+1SA",
    "XX",
    "0",
    "1",
    "-1",
    "7",
    "12",
    "13",
    "31",
    "32",
    "53",
    "366",
    "1,15",
    "1,2,3,4,5,6,7,8",
    "20270101",
    "20270101T090000",
    "20270101T090000Z",
    "2027-01-01",
    "",
    "=",
]
parts = st.tuples(
    st.sampled_from(PART_NAMES),
    st.one_of(st.sampled_from(PART_VALUES), st.integers(-400, 400).map(str)),
).map(lambda p: f"{p[0]}={p[1]}")
VALID_PARTS = {
    "INTERVAL": st.integers(1, 4).map(str),
    "COUNT": st.integers(1, 12).map(str),
    "UNTIL": st.sampled_from(["20270101", "20270101T090000Z", "20270101T090000"]),
    "BYDAY": st.sampled_from(["MO", "TU,TH", "2TU", "-1FR", "1MO,3MO"]),
    "BYMONTH": st.integers(1, 12).map(str),
    "BYMONTHDAY": st.sampled_from(["1", "15", "-1", "1,15", "31"]),
    "BYSETPOS": st.sampled_from(["1", "-1", "1,2"]),
    "BYHOUR": st.sampled_from(["9", "9,17"]),
    "WKST": st.sampled_from(["MO", "SU"]),
}
plausible = st.tuples(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.lists(st.sampled_from(sorted(VALID_PARTS)), unique=True, max_size=3).flatmap(
        lambda names: st.tuples(*(VALID_PARTS[n].map(f"{n}={{}}".format) for n in names))
    ),
).map(lambda t: ";".join([f"FREQ={t[0]}", *t[1]]))
rules = st.one_of(
    plausible,
    plausible.map(lambda r: r.lower()),
    st.tuples(plausible, parts).map(";".join),  # one more part, often a bad one
    st.text(max_size=40),
    st.lists(parts, max_size=6).map(";".join),
    st.lists(parts, min_size=1, max_size=4).map(lambda ps: "FREQ=WEEKLY;" + ";".join(ps)),
    st.tuples(st.sampled_from(["RRULE:", " ", "rrule:", ""]), st.lists(parts, max_size=4)).map(
        lambda t: t[0] + ";".join(t[1]) + ";"
    ),
)
SERIES = {
    "title": "Monthly webinar",
    "dtstart": "2026-01-05T10:00:00",
    "timezone": "Europe/Amsterdam",
}


def rrule_as_schema_takes_it(model: type[BaseModel], rule: str, base: dict[str, Any]) -> str | None:
    """The normalised rule the schema keeps, or None when it refuses the rule."""
    try:
        parsed = model.model_validate({**base, "rrule": rule})
    except ValidationError as exc:
        assert {e["loc"] for e in exc.errors()} == {("rrule",)}, exc.errors()
        return None
    value: str = parsed.rrule  # type: ignore[attr-defined]
    return value


@PROPERTY
@given(rule=rules)
@example(rule="FREQ=MONTHLY;BYDAY=2TU")
@example(rule="  RRULE:freq=weekly;byday=mo;  ")
@example(rule="FREQ=WEEKLY;COUNT=3;UNTIL=20270101")
@example(rule="FREQ=DAILY;INTERVAL=0")
@example(rule="")
@example(rule="FREQ=YEARLY;" + "BYMONTH=1," * 60)
def test_series_schemas_accept_exactly_the_rules_normalise_rrule_accepts(rule: str) -> None:
    try:
        expected: str | None = normalise_rrule(rule)
    except RecurrenceError:
        expected = None
    assert rrule_as_schema_takes_it(SeriesCreate, rule, SERIES) == expected
    assert rrule_as_schema_takes_it(SeriesUpdate, rule, {}) == expected


# --- time zones ---------------------------------------------------------------------------

ZONES = sorted(zoneinfo.available_timezones())
# Names zoneinfo lists that depend on the host or name no place; refused by design (see
# services.core.series.recurrence). Everything else zoneinfo knows is a valid network time zone.
HOST_DEPENDENT = {"localtime", "Factory", "posixrules"}
KNOWN = (set(ZONES) - HOST_DEPENDENT) | {"UTC"}

zone_names = st.one_of(
    st.sampled_from(ZONES),
    st.sampled_from(ZONES).map(str.lower),
    st.sampled_from(ZONES).map(str.upper),
    st.sampled_from(ZONES).map(lambda z: z.replace("/", "//")),
    st.sampled_from(ZONES).map(lambda z: f"posix/{z}"),
    st.sampled_from(ZONES).map(lambda z: z + "x"),
    st.sampled_from(ZONES).map(lambda z: z.rsplit("/", 1)[0]),  # a region, not a zone
    st.sampled_from(sorted(HOST_DEPENDENT)),
    st.sampled_from(["UTC", "utc", "GMT", "Z", "+01:00", "/etc/localtime", "../../etc/passwd"]),
    st.text(max_size=30),
).map(str.strip)  # leading and trailing spaces are trimmed by every request schema


def timezone_as_schema_takes_it(model: type[BaseModel], name: str, base: dict[str, Any]) -> bool:
    try:
        parsed = model.model_validate({**base, "timezone": name})
    except ValidationError as exc:
        assert {e["loc"] for e in exc.errors()} == {("timezone",)}, exc.errors()
        return False
    assert parsed.timezone == name  # type: ignore[attr-defined]
    return True


@PROPERTY
@given(name=zone_names)
@example(name="Europe/Amsterdam")
@example(name="America/Argentina/Buenos_Aires")
@example(name="Etc/GMT+5")
@example(name="localtime")
@example(name="Factory")
@example(name="posixrules")
@example(name="europe/amsterdam")
@example(name="Europe")
@example(name="")
def test_timezone_schemas_accept_exactly_the_zones_zoneinfo_knows(name: str) -> None:
    expected = name in KNOWN
    network = {"name": "Network", "slug": "network"}
    assert timezone_as_schema_takes_it(NetworkCreate, name, network) is expected
    assert timezone_as_schema_takes_it(NetworkUpdate, name, {}) is expected
    assert timezone_as_schema_takes_it(SeriesCreate, name, {**SERIES, "rrule": "FREQ=DAILY"}) is (
        expected
    )
    if expected:
        assert zoneinfo.ZoneInfo(name).key == name


def test_surrounding_spaces_are_trimmed_from_a_time_zone() -> None:
    network = NetworkCreate.model_validate(
        {"name": "Network", "slug": "network", "timezone": "  Africa/Nairobi\t"}
    )
    assert network.timezone == "Africa/Nairobi"
