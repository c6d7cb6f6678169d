"""Every date and date-time a request carries is held to the years 1900 to 2200: a value near
the ends of the calendar gets a 422 naming the field, never a 500 from an overflow."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.findings.detection import run_pass
from tests.builders import (
    activity_body,
    assert_problem,
    make_activity,
    make_follow_up,
    make_organisation,
    make_series,
    series_body,
)
from tests.support import API, World

# Each overflows when converted to UTC (or moved by a day), the first two even in Python.
EXTREME = {
    "instant": [
        "9999-12-31T23:00:00-14:00",
        "0001-01-01T00:00:00+00:01",
        "2201-01-01T00:00:00Z",
        "2200-12-31T23:00:00-14:00",  # 2201 in UTC
    ],
    "day": ["0001-01-01", "9999-12-31", "1899-12-31"],
    "local": ["0001-01-01T00:00:00", "9999-12-31T23:00:00", "2201-01-01T00:00:00"],
}
FIELD_DETAIL = "dates must be in the years 1900 to 2200"


def _new_network() -> dict[str, Any]:
    return {"name": "Network C", "slug": f"network-c-{uuid.uuid4().hex[:8]}"}


# (method, path, body or query, field, kind of value, the rest of a valid request, caller)
CASES: list[tuple[str, str, str, str, str, dict[str, Any], str]] = [
    ("POST", "/networks", "body", "reminders_since", "instant", _new_network(), "admin"),
    ("PATCH", "/networks/{network_id}", "body", "reminders_since", "instant", {}, "coord"),
    (
        "POST",
        "/networks/{network_id}/organisations",
        "body",
        "joined_on",
        "day",
        {"name": "W"},
        "coord",
    ),
    (
        "POST",
        "/networks/{network_id}/organisations",
        "body",
        "left_on",
        "day",
        {"name": "W"},
        "coord",
    ),
    ("PATCH", "/organisations/{organisation_id}", "body", "joined_on", "day", {}, "coord"),
    ("PATCH", "/organisations/{organisation_id}", "body", "left_on", "day", {}, "coord"),
    (
        "POST",
        "/networks/{network_id}/activities",
        "body",
        "starts_at",
        "instant",
        activity_body(),
        "coord",
    ),
    (
        "POST",
        "/networks/{network_id}/activities",
        "body",
        "ends_at",
        "instant",
        activity_body(),
        "coord",
    ),
    ("PATCH", "/activities/{activity_id}", "body", "starts_at", "instant", {}, "coord"),
    ("PATCH", "/activities/{activity_id}", "body", "ends_at", "instant", {}, "coord"),
    ("GET", "/networks/{network_id}/activities", "query", "starts_from", "instant", {}, "coord"),
    ("GET", "/networks/{network_id}/activities", "query", "starts_to", "instant", {}, "coord"),
    (
        "GET",
        "/networks/{network_id}/activities.csv",
        "query",
        "starts_from",
        "instant",
        {},
        "coord",
    ),
    ("GET", "/networks/{network_id}/activities.csv", "query", "starts_to", "instant", {}, "coord"),
    ("POST", "/networks/{network_id}/series", "body", "dtstart", "local", series_body(), "coord"),
    ("POST", "/networks/{network_id}/series", "body", "ends_on", "day", series_body(), "coord"),
    ("PATCH", "/series/{series_id}", "body", "dtstart", "local", {}, "coord"),
    ("PATCH", "/series/{series_id}", "body", "ends_on", "day", {}, "coord"),
    (
        "GET",
        "/series/{series_id}/occurrences",
        "query",
        "from",
        "instant",
        {"to": "2026-12-31T00:00:00Z"},
        "coord",
    ),
    (
        "GET",
        "/series/{series_id}/occurrences",
        "query",
        "to",
        "instant",
        {"from": "2026-01-01T00:00:00Z"},
        "coord",
    ),
    (
        "POST",
        "/activities/{activity_id}/follow-ups",
        "body",
        "due_on",
        "day",
        {"title": "Call"},
        "coord",
    ),
    (
        "POST",
        "/activities/{activity_id}/follow-ups",
        "body",
        "completed_on",
        "day",
        {"title": "Call", "due_on": "2026-02-01", "status": "done"},
        "coord",
    ),
    ("PATCH", "/follow-ups/{follow_up_id}", "body", "due_on", "day", {}, "coord"),
    (
        "PATCH",
        "/follow-ups/{follow_up_id}",
        "body",
        "completed_on",
        "day",
        {"status": "done"},
        "coord",
    ),
    ("GET", "/networks/{network_id}/follow-ups", "query", "due_before", "day", {}, "coord"),
    ("GET", "/networks/{network_id}/follow-ups.csv", "query", "due_before", "day", {}, "coord"),
    (
        "PATCH",
        "/findings/{finding_id}",
        "body",
        "snoozed_until",
        "instant",
        {"status": "acknowledged"},
        "coord",
    ),
    ("GET", "/networks/{network_id}/insights", "query", "from", "instant", {}, "coord"),
    ("GET", "/networks/{network_id}/insights", "query", "to", "instant", {}, "coord"),
    (
        "POST",
        "/networks/{network_id}/api-keys",
        "body",
        "expires_at",
        "instant",
        {"name": "CRM", "scopes": ["read"]},
        "coord",
    ),
]


async def _ids(world: World, path: str) -> dict[str, str]:
    """Real objects of network A for the path's parameters (only those it names)."""
    n = str(world.networks["A"].id)
    ids = {"network_id": n}
    async with world.client("coord") as c:
        if "{organisation_id}" in path:
            ids["organisation_id"] = (await make_organisation(c, n))["id"]
        if "{series_id}" in path:
            ids["series_id"] = (await make_series(c, n))["id"]
        if "{activity_id}" in path or "{follow_up_id}" in path or "{finding_id}" in path:
            ids["activity_id"] = (await make_activity(c, n))["id"]
        if "{follow_up_id}" in path:
            ids["follow_up_id"] = (await make_follow_up(c, ids["activity_id"]))["id"]
        if "{finding_id}" in path:
            await run_pass(create_sessionmaker(world.engine), utcnow())
            findings = (await c.get(f"{API}/networks/{n}/findings")).json()["items"]
            ids["finding_id"] = findings[0]["id"]
    return ids


@pytest.mark.parametrize(
    ("method", "path", "where", "field", "kind", "rest", "caller"),
    CASES,
    ids=[f"{c[0]} {c[1]} {c[3]}" for c in CASES],
)
async def test_a_date_out_of_range_is_refused_by_name(
    world: World,
    method: str,
    path: str,
    where: str,
    field: str,
    kind: str,
    rest: dict[str, Any],
    caller: str,
) -> None:
    url = API + path.format(**await _ids(world, path))
    async with world.client(caller) as c:
        for value in EXTREME[kind]:
            if where == "body":
                response = await c.request(method, url, json={**rest, field: value})
                expected = {"pointer": f"/{field}"}
            else:
                response = await c.request(method, url, params={**rest, field: value})
                expected = {"parameter": field}
            body = assert_problem(response, 422)
            wanted = [{**expected, "detail": FIELD_DETAIL, "code": "date_out_of_range"}]
            assert body["errors"] == wanted, (value, body)


async def test_the_ends_of_the_range_are_accepted(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("coord") as c:
        first = await make_activity(
            c, n, starts_at="1900-01-01T00:00:00Z", ends_at="1900-01-01T01:00:00Z"
        )
        last = await make_activity(
            c, n, starts_at="2200-12-31T10:00:00-13:00", ends_at="2200-12-31T23:59:59Z"
        )
        assert first["starts_at"].startswith("1900-01-01T00:00:00")
        assert last["starts_at"].startswith("2200-12-31T23:00:00")
        await make_follow_up(c, first["id"], due_on="1900-01-01")
        await make_follow_up(c, last["id"], due_on="2200-12-31")
        await make_series(c, n, dtstart="2200-12-01T10:00:00", ends_on="2200-12-31")
        listed = await c.get(
            f"{API}/networks/{n}/activities",
            params={"starts_from": "1900-01-01T00:00:00Z", "starts_to": "2200-12-31T23:59:59Z"},
        )
        assert [a["id"] for a in listed.json()["items"]] == [last["id"], first["id"]]


async def test_a_recurrence_rule_ending_out_of_range_is_refused(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("coord") as c:
        response = await c.post(
            f"{API}/networks/{n}/series", json=series_body(rrule="FREQ=WEEKLY;UNTIL=99991231")
        )
    assert_problem(response, 422, "/rrule")


@pytest.mark.parametrize("column", ["starts_at", "ends_at"])
async def test_a_csv_row_with_an_extreme_date_is_a_row_error(world: World, column: str) -> None:
    n = world.networks["A"].id
    cells = {"starts_at": "2026-02-01T08:00:00Z", "ends_at": "2026-02-01T16:00:00Z"}
    csv = "title,kind,status,starts_at,ends_at\r\n"
    for value in EXTREME["instant"]:
        row = {**cells, column: value}
        csv += f"Training,training,held,{row['starts_at']},{row['ends_at']}\r\n"
    csv += "Good row,training,held,2026-02-01T08:00:00Z,2026-02-01T16:00:00Z\r\n"
    async with world.client("coord") as c:
        response = await c.post(
            f"{API}/networks/{n}/activities/import",
            content=csv,
            headers={"Content-Type": "text/csv"},
        )
    body = assert_problem(
        response, 422, *[f"/rows/{row}/{column}" for row in range(2, 2 + len(EXTREME["instant"]))]
    )
    assert {e["detail"] for e in body["errors"]} == {FIELD_DETAIL}
