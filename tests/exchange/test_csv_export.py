"""CSV exports: RFC 4180, formula neutralisation, the lists' filters, batches."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from services.core.activities.schemas import ActivityQuery
from services.core.db.engine import create_sessionmaker
from services.core.exchange import export
from services.core.findings.models import Finding
from tests.builders import created
from tests.exchange.helpers import activity, org, rows
from tests.support import API, World

TRICKY = [
    '=HYPERLINK("http://evil.example")',
    "+1 more",
    "-5 things",
    "@home",
    "'=already quoted",
    "plain, with a comma",
]


async def test_activities_csv_is_rfc_4180_with_neutralised_formulas(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        wemos = await org(c, n, "Wemos", level="global")
        malawi = await org(c, n, "Malawi Health Equity Network")
        series = await created(
            c,
            f"/networks/{n}/series",
            {
                "title": "Monthly webinar",
                "rrule": "FREQ=MONTHLY",
                "dtstart": "2026-01-10T09:00:00",
                "timezone": "UTC",
            },
        )
        first = await activity(
            c,
            n,
            title=TRICKY[0],
            description='Line one\nline "two"',
            capacity_areas=["act", "connect"],
            themes=["budget tracking", "SRHR"],
            facilitator_ids=[wemos],
            participant_ids=[malawi, wemos],
            participants_count=14,
            participants_by_gender={"women": 8, "men": 5, "undisclosed": 1},
            series_id=series["id"],
            country="MW",
        )
        for day, title in enumerate(TRICKY[1:], start=11):
            await activity(
                c,
                n,
                title=title,
                starts_at=f"2026-01-{day}T08:00:00Z",
                ends_at=f"2026-01-{day}T09:00:00Z",
                cascade_of=first["id"],
                follow_up_expected=False,
            )
        response = await c.get(f"{API}/networks/{n}/activities.csv")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="activities.csv"' in response.headers["content-disposition"]
    assert response.text.startswith("id,title,description,kind,modality,status,starts_at,")
    assert response.text.split("\n", 1)[0].endswith("\r")  # CRLF line ends
    assert response.text.endswith("\r\n")
    table = rows(response)
    assert [r["title"] for r in table] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+1 more",
        "'-5 things",
        "'@home",
        "''=already quoted",
        "plain, with a comma",
    ]
    top = table[0]
    assert top["id"] == first["id"]
    assert top["description"] == 'Line one\nline "two"'
    assert top["starts_at"] == "2026-01-10T08:00:00Z"
    assert top["capacity_areas"] == "act; connect"
    assert top["themes"] == "budget tracking; SRHR"
    assert top["facilitators"] == "Wemos"
    assert sorted(top["participants"].split("; ")) == ["Malawi Health Equity Network", "Wemos"]
    assert (top["participants_count"], top["women"], top["men"], top["non_binary"]) == (
        "14",
        "8",
        "5",
        "0",
    )
    assert (top["series"], top["country"], top["cascade_of"]) == ("Monthly webinar", "MW", "")
    assert table[1]["cascade_of"] == first["id"]
    assert (top["follow_up_expected"], table[1]["follow_up_expected"]) == ("true", "false")
    assert table[1]["women"] == ""


async def test_activities_csv_takes_the_lists_filters(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("viewer") as v, world.client("member") as c:
        await activity(c, n, title="Held in January")
        await activity(
            c,
            n,
            title="Planned in March",
            status="planned",
            starts_at="2026-03-01T08:00:00Z",
            ends_at="2026-03-01T09:00:00Z",
        )
        await activity(
            c,
            n,
            title="Held in March",
            starts_at="2026-03-02T08:00:00Z",
            ends_at="2026-03-02T09:00:00Z",
        )
        url = f"{API}/networks/{n}/activities.csv"
        held = rows(await v.get(url, params={"status": "held"}))
        march = rows(await v.get(url, params={"starts_from": "2026-02-01T00:00:00Z"}))
        searched = rows(await v.get(url, params={"q": "PLANNED"}))
        bad = await v.get(url, params={"limit": "10"})
    assert [r["title"] for r in held] == ["Held in January", "Held in March"]
    assert [r["title"] for r in march] == ["Planned in March", "Held in March"]
    assert [r["title"] for r in searched] == ["Planned in March"]
    assert bad.status_code == 422  # no pages here: the whole list, streamed


async def test_the_export_reads_in_keyset_batches(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        for day in range(1, 6):
            await activity(
                c,
                n,
                title=f"Day {day}",
                starts_at=f"2026-02-0{day}T08:00:00Z",
                ends_at=f"2026-02-0{day}T09:00:00Z",
            )
    monkeypatch.setattr(export, "BATCH", 2)
    async with create_sessionmaker(world.engine)() as session:
        chunks = [chunk async for chunk in export.activities_csv(session, n, ActivityQuery())]
        # Each batch is forgotten once written: memory does not grow with the row count.
        assert len(session.identity_map) == 0
    # header, then batches of 2, 2 and 1 rows
    assert [chunk.count("\r\n") for chunk in chunks] == [1, 2, 2, 1]
    table = list(csv.DictReader(io.StringIO("".join(chunks), newline="")))
    assert [r["title"] for r in table] == [f"Day {day}" for day in range(1, 6)]


async def test_follow_ups_csv(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        owner = await org(c, n, "Malawi Health Equity Network")
        first = await activity(c, n, title="Visit")
        url = f"/activities/{first['id']}/follow-ups"
        await created(
            c,
            url,
            {"title": "@mention the team", "due_on": "2026-02-10", "owner_organisation_id": owner},
        )
        await created(
            c, url, {"title": "Share the report", "due_on": "2026-02-01", "status": "done"}
        )
        everything = rows(await c.get(f"{API}/networks/{n}/follow-ups.csv"))
        planned = rows(
            await c.get(f"{API}/networks/{n}/follow-ups.csv", params={"status": "planned"})
        )
    assert [r["title"] for r in everything] == ["Share the report", "'@mention the team"]
    assert everything[1]["owner_organisation"] == "Malawi Health Equity Network"
    assert everything[1]["activity_title"] == "Visit"
    assert everything[0]["completed_on"]  # done: completed today by default
    assert [r["title"] for r in planned] == ["'@mention the team"]


async def test_findings_csv(world: World) -> None:
    n = world.networks["A"].id
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    async with create_sessionmaker(world.engine)() as session, session.begin():
        for number, (kind, status) in enumerate(
            [
                ("series_gap", "open"),
                ("missing_follow_up", "open"),
                ("missing_follow_up", "dismissed"),
            ]
        ):
            session.add(
                Finding(
                    network_id=n,
                    kind=kind,
                    status=status,
                    condition_key=f"test:{number}",
                    arose_at=now,
                    opened_at=now + dt.timedelta(hours=number),
                    dismissed_reason="-not relevant" if status == "dismissed" else None,
                )
            )
    async with world.client("viewer") as c:
        url = f"{API}/networks/{n}/findings.csv"
        everything = rows(await c.get(url))
        missing = rows(await c.get(url, params={"kind": "missing_follow_up", "status": "open"}))
    assert [(r["kind"], r["status"]) for r in everything] == [
        ("series_gap", "open"),
        ("missing_follow_up", "open"),
        ("missing_follow_up", "dismissed"),
    ]
    assert everything[2]["dismissed_reason"] == "'-not relevant"
    assert everything[0]["opened_at"] == "2026-03-01T00:00:00Z"
    assert len(missing) == 1


@pytest.mark.parametrize("path", ["activities.csv", "follow-ups.csv", "findings.csv"])
async def test_exports_are_for_the_networks_roles_only(world: World, path: str) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/{path}"
    async with world.client("outsider") as c:
        assert (await c.get(url)).status_code == 404
    async with world.client() as c:
        assert (await c.get(url)).status_code == 401
    async with world.client("viewer") as c:
        assert (await c.get(url)).status_code == 200
