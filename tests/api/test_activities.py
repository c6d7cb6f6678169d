"""Capacity-strengthening activities: create, read, change, delete, list and the rules."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from services.core.activities.models import Activity, ActivityOrganisation
from services.core.followups.models import FollowUp
from tests.builders import (
    activity_body,
    assert_create_validated,
    assert_created,
    assert_problem,
    assert_unchanged,
    count_rows,
    created,
    listed,
    make_activity,
    make_follow_up,
    make_organisation,
    make_series,
    posted,
)
from tests.support import API, World

FULL = {
    "title": "South-South learning visit",
    "description": "Two days in Lusaka",
    "kind": "exchange_visit",
    "modality": "hybrid",
    "status": "held",
    "starts_at": "2026-01-10T10:00:00+02:00",
    "ends_at": "2026-01-11T16:00:00Z",
    "location": "Lusaka",
    "country": "zm",
    "capacity_areas": ["act", "connect"],
    "skill_kinds": ["technical"],
    "themes": ["public health"],
    "participants_count": 14,
    "participants_by_gender": {"women": 8, "men": 5, "non_binary": 0, "undisclosed": 1},
    "follow_up_expected": False,
}


async def test_create_read_update_delete(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        giver = await make_organisation(client, network.id, "Giver")
        takers = [await make_organisation(client, network.id, f"Taker {i}") for i in range(2)]
        created = await client.post(
            f"{API}/networks/{network.id}/activities",
            json={
                **FULL,
                "facilitator_ids": [giver["id"]],
                "participant_ids": [t["id"] for t in takers],
            },
        )
        activity = assert_created(created, "/activities")
        assert activity["starts_at"] == "2026-01-10T08:00:00Z"  # stored and returned in UTC
        assert activity["ends_at"] == "2026-01-11T16:00:00Z"
        assert activity["country"] == "ZM"
        assert activity["facilitator_ids"] == [giver["id"]]
        assert sorted(activity["participant_ids"]) == sorted(t["id"] for t in takers)
        assert activity["participants_by_gender"] == FULL["participants_by_gender"]
        assert activity["created_by"] == str(world.people["member"].id)
        assert activity["series_id"] is None and activity["cascade_of"] is None

        got = await client.get(f"{API}/activities/{activity['id']}")
        assert got.status_code == 200
        assert got.json() == activity
        assert got.headers["etag"] == '"1"'

        patched = await client.patch(
            f"{API}/activities/{activity['id']}",
            json={"title": "Learning visit", "participant_ids": [takers[0]["id"]]},
        )
        assert patched.status_code == 200, patched.text
        after = patched.json()
        assert after["title"] == "Learning visit"
        assert after["participant_ids"] == [takers[0]["id"]]
        # Everything not sent is unchanged.
        unchanged = {k: v for k, v in activity.items() if k not in ("title", "participant_ids")}
        assert {k: after[k] for k in unchanged if k != "updated_at"} == {
            k: v for k, v in unchanged.items() if k != "updated_at"
        }
        # ETags are opaque: a new one, and the one a fresh read gives.
        assert patched.headers["etag"] != '"1"'
        reread = await client.get(f"{API}/activities/{activity['id']}")
        assert reread.json() == after
        assert reread.headers["etag"] == patched.headers["etag"]

        await make_follow_up(client, activity["id"])
        deleted = await client.delete(f"{API}/activities/{activity['id']}")
        assert deleted.status_code == 204 and deleted.content == b""
        assert_problem(await client.get(f"{API}/activities/{activity['id']}"), 404)
        assert_problem(
            await client.patch(f"{API}/activities/{activity['id']}", json={"title": "x"}), 404
        )
    assert await count_rows(world, Activity) == 0
    assert await count_rows(world, FollowUp) == 0  # deleted with their activity
    assert await count_rows(world, ActivityOrganisation) == 0


async def test_defaults(world: World) -> None:
    async with world.client("member") as client:
        body = activity_body()
        del body["status"]
        activity = await created(client, f"/networks/{world.networks['A'].id}/activities", body)
    assert activity["modality"] == "in_person"
    assert activity["status"] == "planned"
    assert activity["follow_up_expected"] is True
    assert activity["capacity_areas"] == [] and activity["facilitator_ids"] == []
    assert activity["participants_count"] is None and activity["participants_by_gender"] is None


async def test_changing_only_the_organisations_makes_a_new_version(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        org = await make_organisation(client, network.id)
        activity = await make_activity(client, network.id)
        patched = await client.patch(
            f"{API}/activities/{activity['id']}", json={"facilitator_ids": [org["id"]]}
        )
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'
    assert patched.json()["facilitator_ids"] == [org["id"]]


async def test_duplicate_ids_in_a_list_count_once(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        org = await make_organisation(client, network.id)
        activity = await make_activity(client, network.id, participant_ids=[org["id"], org["id"]])
    assert activity["participant_ids"] == [org["id"]]


# --- lists --------------------------------------------------------------------------------


async def list_titles(client: httpx.AsyncClient, network_id: Any, **params: Any) -> list[str]:
    return await listed(client, f"/networks/{network_id}/activities", **params)


async def test_list_is_newest_first_and_filters(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        giver = await make_organisation(client, network.id, "Giver")
        taker = await make_organisation(client, network.id, "Taker")
        series = await make_series(client, network.id)
        rows = [
            ("Jan training", "training", "held", "2026-01-05", {"facilitator_ids": [giver["id"]]}),
            ("Feb webinar", "webinar", "held", "2026-02-05", {"series_id": series["id"]}),
            (
                "Mar webinar",
                "webinar",
                "cancelled",
                "2026-03-05",
                {"series_id": series["id"], "participant_ids": [giver["id"]]},
            ),
            (
                "Apr visit",
                "exchange_visit",
                "planned",
                "2026-04-05",
                {"facilitator_ids": [taker["id"]], "participant_ids": [giver["id"], taker["id"]]},
            ),
        ]
        for title, kind, status, day, extra in rows:
            await make_activity(
                client,
                network.id,
                title=title,
                kind=kind,
                status=status,
                starts_at=f"{day}T09:00:00Z",
                ends_at=f"{day}T17:00:00Z",
                **extra,
            )
        every = ["Apr visit", "Mar webinar", "Feb webinar", "Jan training"]
        assert await list_titles(client, network.id) == every
        assert await list_titles(client, network.id, status="held") == [
            "Feb webinar",
            "Jan training",
        ]
        assert await list_titles(client, network.id, kind="webinar") == [
            "Mar webinar",
            "Feb webinar",
        ]
        assert await list_titles(client, network.id, series_id=series["id"]) == [
            "Mar webinar",
            "Feb webinar",
        ]
        assert await list_titles(client, network.id, organisation_id=giver["id"]) == [
            "Apr visit",
            "Mar webinar",
            "Jan training",
        ]
        assert await list_titles(
            client, network.id, organisation_id=giver["id"], role="facilitator"
        ) == ["Jan training"]
        assert await list_titles(
            client, network.id, organisation_id=giver["id"], role="participant"
        ) == ["Apr visit", "Mar webinar"]
        # starts_from is inclusive, starts_to exclusive; offsets are honoured.
        assert await list_titles(
            client,
            network.id,
            starts_from="2026-02-05T09:00:00Z",
            starts_to="2026-04-05T11:00:00+02:00",
        ) == ["Mar webinar", "Feb webinar"]
        assert await list_titles(client, network.id, starts_from="2026-02-05T09:00:01Z") == [
            "Apr visit",
            "Mar webinar",
        ]
        assert await list_titles(client, network.id, q="WEBINAR", status="held") == ["Feb webinar"]
        assert await list_titles(client, network.id, series_id=str(uuid.uuid4())) == []


async def test_list_by_ids_answers_those_of_this_network_only(world: World) -> None:
    async with world.client("member") as client:
        ids = [
            (await make_activity(client, world.networks["A"].id, title=title))["id"]
            for title in ("One", "Two", "Three")
        ]
    async with world.client("outsider") as client:
        elsewhere = (await make_activity(client, world.networks["B"].id, title="Elsewhere"))["id"]
    async with world.client("member") as client:
        wanted = [ids[0], ids[2], elsewhere]
        assert sorted(await list_titles(client, world.networks["A"].id, id=wanted)) == [
            "One",
            "Three",
        ]
        assert await list_titles(client, world.networks["A"].id, id=[elsewhere]) == []


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"id": [str(uuid.uuid4()) for _ in range(201)]}, "id"),
        ({"status": "done"}, "status"),
        ({"kind": "party"}, "kind"),
        ({"series_id": "not-a-uuid"}, "series_id"),
        ({"role": "host"}, "role"),
        ({"starts_from": "2026-01-01T00:00:00"}, "starts_from"),
        ({"starts_to": "tomorrow"}, "starts_to"),
        ({"limit": "0"}, "limit"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_list_filter_validation(
    world: World, params: dict[str, str | list[str]], parameter: str
) -> None:
    async with world.client("member") as client:
        response = await client.get(
            f"{API}/networks/{world.networks['A'].id}/activities", params=params
        )
    assert_problem(response, 422, parameter)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"ends_at": "2026-01-10T07:59:59Z"}, "/ends_at"),
        # The same instant written with an offset is not "before".
        ({"ends_at": "2026-01-10T10:00:00+02:00"}, None),
        ({"starts_at": "2026-01-10T08:00:00"}, "/starts_at"),
        ({"starts_at": "not a date"}, "/starts_at"),
        ({"country": "XX"}, "/country"),
        ({"title": ""}, "/title"),
        ({"title": "t" * 201}, "/title"),
        ({"description": "d" * 20_001}, "/description"),
        ({"location": "l" * 201}, "/location"),
        ({"kind": "party"}, "/kind"),
        ({"modality": "carrier pigeon"}, "/modality"),
        ({"status": "done"}, "/status"),
        ({"capacity_areas": ["lead"]}, "/capacity_areas/0"),
        ({"capacity_areas": ["act"] * 4}, "/capacity_areas"),
        ({"skill_kinds": ["magic"]}, "/skill_kinds/0"),
        ({"themes": [f"t{i}" for i in range(51)]}, "/themes"),
        ({"facilitator_ids": [str(uuid.uuid4()) for _ in range(51)]}, "/facilitator_ids"),
        ({"participant_ids": ["not-a-uuid"]}, "/participant_ids/0"),
        ({"participants_count": -1}, "/participants_count"),
        ({"participants_by_gender": {"women": -1}}, "/participants_by_gender/women"),
        ({"participants_by_gender": {"other": 1}}, "/participants_by_gender/other"),
        (
            {"participants_count": 3, "participants_by_gender": {"women": 2, "men": 2}},
            "/participants_by_gender",
        ),
        ({"follow_up_expected": "maybe"}, "/follow_up_expected"),
        ({"network_id": str(uuid.uuid4())}, "/network_id"),
        ({"created_by": str(uuid.uuid4())}, "/created_by"),
    ],
)
async def test_create_validation(
    world: World, overrides: dict[str, Any], pointer: str | None
) -> None:
    path = f"/networks/{world.networks['A'].id}/activities"
    await assert_create_validated(world, path, activity_body(**overrides), Activity, pointer)


@pytest.mark.parametrize("field", ["title", "kind", "starts_at", "ends_at"])
async def test_missing_required_field(world: World, field: str) -> None:
    body = activity_body()
    del body[field]
    response = await posted(world, f"/networks/{world.networks['A'].id}/activities", body)
    assert_problem(response, 422, f"/{field}")


async def test_unknown_field_is_named(world: World) -> None:
    response = await posted(
        world, f"/networks/{world.networks['A'].id}/activities", activity_body(organiser="Wemos")
    )
    assert_problem(response, 422, "/organiser", detail="unknown field")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"ends_at": "2026-01-09T00:00:00Z"}, "/ends_at"),  # before the stored starts_at
        ({"starts_at": "2026-01-12T00:00:00Z"}, "/ends_at"),  # after the stored ends_at
        ({"title": None}, "/title"),
        ({"kind": None}, "/kind"),
        ({"starts_at": None}, "/starts_at"),
        ({"themes": None}, "/themes"),
        ({"facilitator_ids": None}, "/facilitator_ids"),
        ({"follow_up_expected": None}, "/follow_up_expected"),
        ({"participants_count": 2}, "/participants_by_gender"),  # below the stored gender sum
        ({"country": "UK"}, "/country"),
        ({"title": "t" * 201}, "/title"),
        ({"capacity_areas": ["act", "act", "act", "act"]}, "/capacity_areas"),
        ({"version": 7}, "/version"),
    ],
)
async def test_update_validation_changes_nothing(
    world: World, body: dict[str, Any], pointer: str
) -> None:
    async with world.client("member") as client:
        activity = await make_activity(
            client,
            world.networks["A"].id,
            participants_count=10,
            participants_by_gender={"women": 5, "men": 4},
        )
        response = await client.patch(f"{API}/activities/{activity['id']}", json=body)
        assert_problem(response, 422, pointer)
        await assert_unchanged(client, f"/activities/{activity['id']}", activity)


async def test_nullable_fields_may_be_cleared(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        series = await make_series(client, network.id)
        parent = await make_activity(client, network.id, title="Original")
        activity = await make_activity(
            client,
            network.id,
            country="KE",
            participants_count=3,
            participants_by_gender={"women": 3},
            series_id=series["id"],
            cascade_of=parent["id"],
        )
        assert activity["series_id"] == series["id"] and activity["cascade_of"] == parent["id"]
        response = await client.patch(
            f"{API}/activities/{activity['id']}",
            json={
                "country": None,
                "participants_count": None,
                "participants_by_gender": None,
                "series_id": None,
                "cascade_of": None,
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [body[k] for k in ("country", "participants_count", "series_id", "cascade_of")] == [
        None
    ] * 4
    assert body["participants_by_gender"] is None


async def test_cascade_of_cannot_point_at_itself(world: World) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        response = await client.patch(
            f"{API}/activities/{activity['id']}", json={"cascade_of": activity["id"]}
        )
        assert_problem(response, 422, "/cascade_of")
        after = await client.get(f"{API}/activities/{activity['id']}")
    assert after.json()["cascade_of"] is None


async def test_cascade_of_cannot_make_a_loop(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        original = await make_activity(client, network.id, title="Original training")
        first = await make_activity(client, network.id, title="Cascade", cascade_of=original["id"])
        second = await make_activity(client, network.id, title="Cascade 2", cascade_of=first["id"])
        # original -> second would close original <- first <- second <- original.
        response = await client.patch(
            f"{API}/activities/{original['id']}", json={"cascade_of": second["id"]}
        )
        assert_problem(response, 422, "/cascade_of")
        short = await client.patch(
            f"{API}/activities/{first['id']}", json={"cascade_of": second["id"]}
        )
        assert_problem(short, 422, "/cascade_of")
        assert (await client.get(f"{API}/activities/{original['id']}")).json()["cascade_of"] is None
        # A chain (not a loop) is fine: second may move to hang off the original directly.
        moved = await client.patch(
            f"{API}/activities/{second['id']}", json={"cascade_of": original["id"]}
        )
        assert moved.status_code == 200, moved.text


async def test_references_must_exist(world: World) -> None:
    missing = str(uuid.uuid4())
    async with world.client("member") as client:
        for field, value, pointer in [
            ("facilitator_ids", [missing], "/facilitator_ids/0"),
            ("participant_ids", [missing], "/participant_ids/0"),
            ("series_id", missing, "/series_id"),
            ("cascade_of", missing, "/cascade_of"),
        ]:
            response = await client.post(
                f"{API}/networks/{world.networks['A'].id}/activities",
                json=activity_body(**{field: value}),
            )
            assert_problem(response, 404, pointer)
    assert await count_rows(world, Activity) == 0


async def test_the_second_bad_id_in_a_list_is_pointed_at(world: World) -> None:
    async with world.client("member") as client:
        org = await make_organisation(client, world.networks["A"].id)
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/activities",
            json=activity_body(participant_ids=[org["id"], str(uuid.uuid4())]),
        )
    assert_problem(response, 404, "/participant_ids/1")


@pytest.mark.parametrize(
    ("collection", "field"),
    [
        pytest.param("series", "series_id", id="series-keeps-its-activities"),
        pytest.param("activities", "cascade_of", id="original-unlinks-its-cascades"),
    ],
)
async def test_deleting_what_an_activity_points_at_keeps_the_activity(
    world: World, collection: str, field: str
) -> None:
    network_id = world.networks["A"].id
    make = make_series if collection == "series" else make_activity
    async with world.client("member") as client:
        target = await make(client, network_id)
        activity = await make_activity(client, network_id, **{field: target["id"]})
        assert (await client.delete(f"{API}/{collection}/{target['id']}")).status_code == 204
        after = await client.get(f"{API}/activities/{activity['id']}")
    assert after.status_code == 200
    assert after.json()[field] is None


async def test_viewer_reads_but_cannot_write(world: World) -> None:
    async with world.client("member") as member:
        activity = await make_activity(member, world.networks["A"].id)
    async with world.client("viewer") as viewer:
        assert (await viewer.get(f"{API}/activities/{activity['id']}")).status_code == 200
        assert await list_titles(viewer, world.networks["A"].id) == [activity["title"]]
        assert_problem(
            await viewer.post(
                f"{API}/networks/{world.networks['A'].id}/activities", json=activity_body()
            ),
            403,
        )
        assert_problem(
            await viewer.patch(f"{API}/activities/{activity['id']}", json={"title": "V"}), 403
        )
        assert_problem(await viewer.delete(f"{API}/activities/{activity['id']}"), 403)
    assert await count_rows(world, Activity) == 1
    assert await count_rows(world, Activity, title=activity["title"]) == 1


async def test_another_member_may_edit(world: World) -> None:
    # Activities belong to the network, not to whoever typed them in.
    async with world.client("member") as member:
        activity = await make_activity(member, world.networks["A"].id)
    async with world.client("member2") as member2:
        response = await member2.patch(
            f"{API}/activities/{activity['id']}", json={"status": "cancelled"}
        )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    assert response.json()["created_by"] == str(world.people["member"].id)
