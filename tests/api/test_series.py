"""Series: recurring platforms, their RRULEs and expected occurrences."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.series.models import Series
from tests.builders import (
    assert_create_validated,
    assert_created,
    assert_problem,
    assert_unchanged,
    count_rows,
    make_activity,
    make_series,
    posted,
    series_body,
)
from tests.support import API, World


async def test_create_read_update_list_delete(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        created = await client.post(
            f"{API}/networks/{network.id}/series",
            json=series_body(
                rrule="rrule:freq=monthly;bymonthday=5;", dtstart="2026-01-05T10:00:00.5"
            ),
        )
        series = assert_created(created, "/series")
        assert series["rrule"] == "FREQ=MONTHLY;BYMONTHDAY=5"  # normalised
        assert series["dtstart"] == "2026-01-05T10:00:00"  # local, no offset, whole seconds
        assert series["timezone"] == "Europe/Amsterdam"
        assert series["tolerance_days"] == 7 and series["active"] is True
        assert series["created_by"] == str(world.people["member"].id)

        got = await client.get(f"{API}/series/{series['id']}")
        assert got.status_code == 200 and got.json() == series

        patched = await client.patch(
            f"{API}/series/{series['id']}",
            json={"rrule": "FREQ=MONTHLY;BYDAY=2TU", "tolerance_days": 3, "active": False},
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["rrule"] == "FREQ=MONTHLY;BYDAY=2TU"
        assert patched.json()["tolerance_days"] == 3
        assert patched.json()["title"] == series["title"]
        assert patched.headers["etag"] == '"2"'

        other = await make_series(client, network.id, title="Annual meeting", rrule="FREQ=YEARLY")
        listed = await client.get(f"{API}/networks/{network.id}/series")
        assert [s["title"] for s in listed.json()["items"]] == [series["title"], "Annual meeting"]
        active = await client.get(f"{API}/networks/{network.id}/series", params={"active": "true"})
        assert [s["id"] for s in active.json()["items"]] == [other["id"]]
        inactive = await client.get(
            f"{API}/networks/{network.id}/series", params={"active": "false"}
        )
        assert [s["id"] for s in inactive.json()["items"]] == [series["id"]]

        assert (await client.delete(f"{API}/series/{series['id']}")).status_code == 204
        assert_problem(await client.get(f"{API}/series/{series['id']}"), 404)
    assert await count_rows(world, Series) == 1


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"rrule": "FREQ=FORTNIGHTLY"}, "/rrule"),
        ({"rrule": "FREQ=HOURLY"}, "/rrule"),
        ({"rrule": "BYDAY=MO"}, "/rrule"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "/rrule"),
        ({"rrule": "FREQ=MONTHLY;BYMONTHDAY=0"}, "/rrule"),
        ({"rrule": "FREQ=WEEKLY;COUNT=3;UNTIL=20270101"}, "/rrule"),
        ({"rrule": "FREQ=WEEKLY;INTERVAL=0"}, "/rrule"),
        ({"rrule": "FREQ=DAILY;FREQ=WEEKLY"}, "/rrule"),
        ({"rrule": "DTSTART:20260101T000000\nRRULE:FREQ=DAILY"}, "/rrule"),
        ({"rrule": ""}, "/rrule"),
        ({"rrule": "FREQ=DAILY;" + "BYMONTH=1;" * 60}, "/rrule"),
        # Parses, but never fires: 30 February.
        ({"rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "/rrule"),
        ({"dtstart": "2026-01-05T10:00:00+01:00"}, "/dtstart"),
        ({"dtstart": "2026-01-05T10:00:00Z"}, "/dtstart"),
        ({"dtstart": "next monday"}, "/dtstart"),
        ({"timezone": "Europe/Atlantis"}, "/timezone"),
        ({"timezone": "CET "}, None),  # trimmed, and CET is a real zone name
        ({"timezone": ""}, "/timezone"),
        ({"tolerance_days": 91}, "/tolerance_days"),
        ({"tolerance_days": -1}, "/tolerance_days"),
        ({"ends_on": "2025-12-31"}, "/ends_on"),  # before dtstart
        ({"rrule": "FREQ=WEEKLY;UNTIL=20270101", "ends_on": "2026-12-31"}, "/ends_on"),
        ({"title": "t" * 201}, "/title"),
        ({"kind": "party"}, "/kind"),
        ({"network_id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33"}, "/network_id"),
    ],
)
async def test_create_validation(
    world: World, overrides: dict[str, Any], pointer: str | None
) -> None:
    path = f"/networks/{world.networks['A'].id}/series"
    await assert_create_validated(world, path, series_body(**overrides), Series, pointer)


async def test_count_with_until_is_explained(world: World) -> None:
    response = await posted(
        world,
        f"/networks/{world.networks['A'].id}/series",
        series_body(rrule="FREQ=WEEKLY;COUNT=3;UNTIL=20270101"),
    )
    body = assert_problem(response, 422, "/rrule")
    assert "COUNT and UNTIL" in body["errors"][0]["detail"]


async def test_unknown_field_is_named(world: World) -> None:
    response = await posted(
        world, f"/networks/{world.networks['A'].id}/series", series_body(exdate="20260105")
    )
    assert_problem(response, 422, "/exdate", detail="unknown field")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"rrule": "FREQ=SECONDLY"}, "/rrule"),
        ({"rrule": "FREQ=DAILY;COUNT=2;UNTIL=20300101T000000Z"}, "/rrule"),
        ({"rrule": None}, "/rrule"),
        ({"dtstart": "2026-01-05T10:00:00-05:00"}, "/dtstart"),
        ({"dtstart": None}, "/dtstart"),
        ({"timezone": "Nowhere/Special"}, "/timezone"),
        ({"timezone": None}, "/timezone"),
        ({"title": None}, "/title"),
        ({"active": None}, "/active"),
        ({"ends_on": "2026-01-04"}, "/ends_on"),
        # A rule change that, with the stored dtstart and ends_on, never fires.
        ({"rrule": "FREQ=YEARLY;BYMONTH=12"}, "/rrule"),
    ],
)
async def test_update_validation_changes_nothing(
    world: World, body: dict[str, Any], pointer: str
) -> None:
    async with world.client("member") as client:
        series = await make_series(client, world.networks["A"].id, ends_on="2026-06-30")
        response = await client.patch(f"{API}/series/{series['id']}", json=body)
        assert_problem(response, 422, pointer)
        await assert_unchanged(client, f"/series/{series['id']}", series)


async def test_ends_on_may_be_cleared(world: World) -> None:
    async with world.client("member") as client:
        series = await make_series(client, world.networks["A"].id, ends_on="2026-06-30")
        response = await client.patch(f"{API}/series/{series['id']}", json={"ends_on": None})
    assert response.status_code == 200, response.text
    assert response.json()["ends_on"] is None


async def test_occurrences_are_marked_held_missed_or_upcoming(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        series = await make_series(
            client,
            network.id,
            rrule="FREQ=MONTHLY;BYMONTHDAY=5",
            dtstart="2020-01-05T10:00:00",
            timezone="Europe/Amsterdam",
            tolerance_days=3,
        )
        # February's meeting was held two days late; March's was cancelled (does not count).
        held = await make_activity(
            client,
            network.id,
            series_id=series["id"],
            status="held",
            starts_at="2020-02-07T09:00:00Z",
            ends_at="2020-02-07T11:00:00Z",
        )
        await make_activity(
            client,
            network.id,
            series_id=series["id"],
            status="cancelled",
            starts_at="2020-03-05T09:00:00Z",
            ends_at="2020-03-05T11:00:00Z",
        )
        response = await client.get(
            f"{API}/series/{series['id']}/occurrences",
            params={"from": "2020-01-01T00:00:00Z", "to": "2020-04-01T00:00:00Z"},
        )
        assert response.status_code == 200, response.text
        timeline = response.json()
        assert timeline["truncated"] is False
        assert [
            (o["at"], o["local"], o["status"], o["activity_id"]) for o in timeline["items"]
        ] == [
            ("2020-01-05T09:00:00Z", "2020-01-05T10:00:00", "missed", None),
            ("2020-02-05T09:00:00Z", "2020-02-05T10:00:00", "held", held["id"]),
            ("2020-03-05T09:00:00Z", "2020-03-05T10:00:00", "missed", None),
        ]
        # Local time stays 10:00 across the DST change: 08:00Z in summer.
        summer = await client.get(
            f"{API}/series/{series['id']}/occurrences",
            params={"from": "2090-07-01T00:00:00Z", "to": "2090-07-31T00:00:00Z"},
        )
        assert [(o["at"], o["status"]) for o in summer.json()["items"]] == [
            ("2090-07-05T08:00:00Z", "upcoming")
        ]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, "to"),
        ({"from": "2000-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}, "to"),
        ({"from": "2026-01-01T00:00:00", "to": "2026-02-01T00:00:00Z"}, "from"),
        ({"to": "2026-02-01T00:00:00Z"}, "from"),
        ({"from": "2026-01-01T00:00:00Z"}, "to"),
    ],
)
async def test_occurrence_window_validation(
    world: World, params: dict[str, str], parameter: str
) -> None:
    async with world.client("member") as client:
        series = await make_series(client, world.networks["A"].id)
        response = await client.get(f"{API}/series/{series['id']}/occurrences", params=params)
    assert_problem(response, 422, parameter)


async def test_occurrences_say_when_they_stop_at_the_cap(world: World) -> None:
    async with world.client("member") as client:
        daily = await make_series(
            client,
            world.networks["A"].id,
            rrule="FREQ=DAILY",
            dtstart="2026-01-01T10:00:00",
            timezone="UTC",
        )
        url = f"{API}/series/{daily['id']}/occurrences"
        # 2026-01-01 .. 2027-05-16 holds 501 daily occurrences; 2027-05-15 ends at the 500th.
        over = await client.get(
            url, params={"from": "2026-01-01T00:00:00Z", "to": "2027-05-16T23:00:00Z"}
        )
        exact = await client.get(
            url, params={"from": "2026-01-01T00:00:00Z", "to": "2027-05-15T23:00:00Z"}
        )
        rest = await client.get(
            url, params={"from": "2027-05-15T10:00:01Z", "to": "2027-05-16T23:00:00Z"}
        )
    assert over.status_code == 200, over.text
    assert (len(over.json()["items"]), over.json()["truncated"]) == (500, True)
    assert (len(exact.json()["items"]), exact.json()["truncated"]) == (500, False)
    assert over.json()["items"] == exact.json()["items"]
    # The window after the last answered one carries on where the capped answer stopped.
    assert [o["at"] for o in rest.json()["items"]] == ["2027-05-16T10:00:00Z"]
    assert rest.json()["truncated"] is False


async def test_viewer_reads_but_cannot_write(world: World) -> None:
    async with world.client("member") as member:
        series = await make_series(member, world.networks["A"].id)
    async with world.client("viewer") as viewer:
        assert (await viewer.get(f"{API}/series/{series['id']}")).status_code == 200
        occurrences = await viewer.get(
            f"{API}/series/{series['id']}/occurrences",
            params={"from": "2026-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        )
        assert occurrences.status_code == 200 and len(occurrences.json()["items"]) == 2
        assert_problem(
            await viewer.post(
                f"{API}/networks/{world.networks['A'].id}/series", json=series_body()
            ),
            403,
        )
        assert_problem(await viewer.patch(f"{API}/series/{series['id']}", json={"title": "V"}), 403)
        assert_problem(await viewer.delete(f"{API}/series/{series['id']}"), 403)
    assert await count_rows(world, Series, title=series["title"]) == 1
