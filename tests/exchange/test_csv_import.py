"""CSV import of activities: all or nothing, every bad cell reported, export round trip."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from services.core.activities.models import Activity
from services.core.db.engine import create_sessionmaker
from services.core.exchange.importer import MAX_ROWS
from tests.builders import created
from tests.exchange.helpers import activity, org, rows
from tests.support import API, World

HEADER = "title,kind,status,starts_at,ends_at,facilitators,participants,participants_count"
CSV = {"Content-Type": "text/csv"}
IGNORED = {"id", "cascade_of", "created_at", "updated_at"}


async def import_csv(
    client: httpx.AsyncClient, network_id: uuid.UUID, text: str, **params: str
) -> httpx.Response:
    return await client.post(
        f"{API}/networks/{network_id}/activities/import",
        content=text.encode(),
        headers=CSV,
        params=params,
    )


async def count_activities(world: World, network_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(Activity).where(Activity.network_id == network_id)
    async with create_sessionmaker(world.engine)() as session:
        return int(await session.scalar(stmt) or 0)


def pointers(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["pointer"] for e in response.json()["errors"]]


async def test_export_then_import_into_another_network_reproduces_the_activities(
    world: World,
) -> None:
    a, b = world.networks["A"].id, world.networks["B"].id
    names = ["Wemos", "Kenya Civil Society Health Platform", "Malawi Health Equity Network"]
    async with world.client("member") as c:
        ka, kb, kc = [await org(c, a, name) for name in names]
        series = {
            "title": "Monthly webinar",
            "rrule": "FREQ=MONTHLY",
            "timezone": "UTC",
            "dtstart": "2026-01-10T08:00:00",
        }
        sid = (await created(c, f"/networks/{a}/series", series))["id"]
        visit = await activity(
            c,
            a,
            title="=Visit: Kenya, Malawi; budgets",
            description='Two\nlines, "quoted"',
            kind="exchange_visit",
            modality="hybrid",
            location="Lilongwe",
            country="MW",
            capacity_areas=["act", "connect"],
            skill_kinds=["technical"],
            themes=["budgets"],
            facilitator_ids=[kb],
            participant_ids=[kc],
            participants_count=14,
            participants_by_gender={"women": 8, "men": 5, "undisclosed": 1},
            series_id=sid,
        )
        cascade = await activity(
            c,
            a,
            title="Cascade webinar",
            kind="webinar",
            starts_at="2026-02-01T08:00:00Z",
            ends_at="2026-02-01T09:30:00Z",
            facilitator_ids=[kc],
            participant_ids=[ka, kb],
            cascade_of=visit["id"],
            follow_up_expected=False,
        )
        await activity(
            c,
            a,
            title="-Further down",
            status="planned",
            starts_at="2026-03-01T08:00:00Z",
            ends_at="2026-03-01T09:00:00Z",
            cascade_of=cascade["id"],
        )
        exported = await c.get(f"{API}/networks/{a}/activities.csv")
    async with world.client("outsider") as c:
        for name in names:
            await org(c, b, name)
        await created(c, f"/networks/{b}/series", series)
        dry = await import_csv(c, b, exported.text, dry_run="true")
        assert dry.status_code == 200, dry.text
        assert dry.json()["dry_run"] is True and dry.json()["created"] == 3
        assert await count_activities(world, b) == 0
        done = await import_csv(c, b, exported.text)
        assert done.status_code == 201, done.text
        reimported = await c.get(f"{API}/networks/{b}/activities.csv")

    before, after = rows(exported), rows(reimported)
    assert [{k: v for k, v in r.items() if k not in IGNORED} for r in after] == [
        {k: v for k, v in r.items() if k not in IGNORED} for r in before
    ]
    assert {r["id"] for r in after}.isdisjoint({r["id"] for r in before})
    # The cascade chain points at the new activities.
    assert after[0]["cascade_of"] == "" and after[1]["cascade_of"] == after[0]["id"]
    assert after[2]["cascade_of"] == after[1]["id"]
    created_rows = done.json()["activities"]
    assert [(r["row"], r["id"]) for r in created_rows] == [
        (2, after[0]["id"]),
        (3, after[1]["id"]),
        (4, after[2]["id"]),
    ]


async def test_one_bad_row_rejects_the_file_and_every_bad_cell_is_listed(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        await org(c, n, "Wemos")
        text = "\r\n".join(
            [
                HEADER,
                "Fine,training,held,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,Wemos,,3",
                "Bad start,training,held,yesterday,2026-01-10T09:00:00Z,Nobody,,lots",
                "Ends first,training,held,2026-01-10T08:00:00Z,2026-01-09T08:00:00Z,,,",
                "",  # a blank line still counts as a row of the file
                "Bad kind,party,held,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,,,",
                "Too short,training",
            ]
        )
        response = await import_csv(c, n, text)
    assert pointers(response) == [
        "/rows/3/starts_at",
        "/rows/3/facilitators",
        "/rows/3/participants_count",
        "/rows/4/ends_at",
        "/rows/6/kind",
        "/rows/7",
    ]
    assert response.json()["detail"] == "4 of 5 rows are not valid; nothing was imported."
    assert await count_activities(world, n) == 0


async def test_cells_with_control_characters_are_refused_like_the_api_does(world: World) -> None:
    n = world.networks["A"].id
    header = "title,kind,status,starts_at,ends_at,location,themes,description"
    when = "2026-01-10T08:00:00Z,2026-01-10T09:00:00Z"
    text = "\r\n".join(
        [
            header,
            # A quoted cell may hold a line break: fine in a description, not in a title.
            f'"GFF\r\nBcc: x@y",training,held,{when},,,"Line one\r\nline two"',
            f"Fine title,training,held,{when},Nai\x1brobi,health;eq\x0buity,",
            f'Fine again,training,held,{when},,,"Bell\x07"',
        ]
    )
    async with world.client("member") as c:
        response = await import_csv(c, n, text)
    assert pointers(response) == [
        "/rows/2/title",
        "/rows/3/location",
        "/rows/3/themes",
        "/rows/4/description",
    ]
    assert await count_activities(world, n) == 0


async def test_dry_run_reports_what_would_be_created_and_saves_nothing(world: World) -> None:
    n = world.networks["A"].id
    text = HEADER + "\r\nA,training,held,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,,,\r\n"
    async with world.client("member") as c:
        response = await import_csv(c, n, text, dry_run="true")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "dry_run": True,
        "created": 1,
        "activities": [{"row": 2, "id": None, "title": "A", "starts_at": "2026-01-10T08:00:00Z"}],
    }
    assert await count_activities(world, n) == 0


async def test_organisations_match_by_name_iati_identifier_or_name_in_any_case(
    world: World,
) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        wemos = await org(c, n, "Wemos", iati_identifier="NL-KVK-41208024")
        nahab = await org(c, n, "NAHAB Bangladesh")
        text = (
            "title,kind,starts_at,ends_at,facilitators,participants\r\n"
            "A,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,"
            "NL-KVK-41208024,nahab bangladesh\r\n"
        )
        response = await import_csv(c, n, text)
        assert response.status_code == 201, response.text
        got = await c.get(f"{API}/activities/{response.json()['activities'][0]['id']}")
    assert got.json()["facilitator_ids"] == [wemos]
    assert got.json()["participant_ids"] == [nahab]
    assert got.json()["status"] == "planned"  # the schema's default when the column is absent


async def test_references_are_checked_like_the_api_does(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("outsider") as c:
        foreign = await activity(c, world.networks["B"].id)
    async with world.client("member") as c:
        text = "\r\n".join(
            [
                "id,title,kind,starts_at,ends_at,cascade_of,series",
                f"x1,A,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,{foreign['id']},",
                "x2,B,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,x3,",
                "x3,C,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,x2,",
                "x4,D,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,,No such series",
                "x4,E,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,not-an-id,",
            ]
        )
        response = await import_csv(c, n, text)
    body = response.json()
    assert pointers(response) == [
        "/rows/2/cascade_of",  # another network's activity: as if it did not exist
        "/rows/3/cascade_of",  # x2 -> x3 -> x2
        "/rows/4/cascade_of",
        "/rows/5/series",
        "/rows/6/id",
        "/rows/6/cascade_of",
    ]
    assert body["errors"][0]["detail"] == "no such activity"


async def test_header_problems(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        response = await import_csv(c, n, "title,kind,colour,title\r\nA,training,red,A\r\n")
        empty = await import_csv(c, n, "")
    assert pointers(response) == [
        "/rows/1/colour",
        "/rows/1/title",
        "/rows/1/starts_at",
        "/rows/1/ends_at",
    ]
    assert pointers(empty) == ["/rows/1"]


async def test_row_cap_encoding_and_malformed_csv(world: World) -> None:
    n = world.networks["A"].id
    line = "A,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z"
    too_many = "\r\n".join(["title,kind,starts_at,ends_at"] + [line] * (MAX_ROWS + 1))
    async with world.client("member") as c:
        capped = await import_csv(c, n, too_many)
        latin1 = await c.post(
            f"{API}/networks/{n}/activities/import",
            content="title,kind,starts_at,ends_at\r\nCaf\xe9,training,x,y\r\n".encode("latin-1"),
            headers=CSV,
        )
        broken = await import_csv(c, n, 'title,kind,starts_at,ends_at\r\n"A"x,training,,\r\n')
    assert pointers(capped) == ["/rows"]
    assert str(MAX_ROWS) in capped.json()["errors"][0]["detail"]
    assert pointers(latin1) == ["/rows"]
    assert pointers(broken) == ["/rows/2"]


async def test_media_type_size_and_roles(world: World) -> None:
    n = world.networks["A"].id
    text = HEADER + "\r\n"
    async with world.client("member") as c:
        as_json = await c.post(f"{API}/networks/{n}/activities/import", json={"rows": []})
        huge = await import_csv(c, n, text + "x" * (1024 * 1024))
    async with world.client("viewer") as c:
        viewer = await import_csv(c, n, text)
    async with world.client("outsider") as c:
        outsider = await import_csv(c, n, text)
    assert as_json.status_code == 415
    assert huge.status_code == 413
    assert viewer.status_code == 403
    assert outsider.status_code == 404


@pytest.mark.parametrize("dry_run", ["true", "false"])
async def test_a_file_with_only_a_header_creates_nothing(world: World, dry_run: str) -> None:
    async with world.client("member") as c:
        response = await import_csv(c, world.networks["A"].id, HEADER + "\r\n", dry_run=dry_run)
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    assert body["created"] == 0 and body["activities"] == []
