"""Follow-ups: what happens after an activity."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.core.followups.models import FollowUp
from tests.builders import (
    assert_create_validated,
    assert_created,
    assert_problem,
    assert_unchanged,
    count_rows,
    listed,
    make_activity,
    make_follow_up,
    make_organisation,
    posted,
)
from tests.support import API, World


async def test_create_read_update_delete(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        owner = await make_organisation(client, network.id)
        activity = await make_activity(client, network.id)
        later = await make_activity(client, network.id, title="Refresher")
        created = await client.post(
            f"{API}/activities/{activity['id']}/follow-ups",
            json={
                "title": "Action plan check-in",
                "kind": "check_in",
                "owner_organisation_id": owner["id"],
                "assignee_user_id": str(world.people["member2"].id),
                "due_on": "2026-02-10",
                "notes": "Ask about the budget advocacy plan",
            },
        )
        follow_up = assert_created(created, "/follow-ups")
        assert follow_up["activity_id"] == activity["id"]
        assert follow_up["network_id"] == str(network.id)
        assert follow_up["status"] == "planned" and follow_up["completed_on"] is None
        assert follow_up["created_by"] == str(world.people["member"].id)

        got = await client.get(f"{API}/follow-ups/{follow_up['id']}")
        assert got.status_code == 200 and got.json() == follow_up

        done = await client.patch(
            f"{API}/follow-ups/{follow_up['id']}",
            json={"status": "done", "follow_up_activity_id": later["id"]},
        )
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "done"
        assert done.json()["completed_on"] is not None  # defaults to today
        assert done.json()["follow_up_activity_id"] == later["id"]
        assert done.json()["title"] == follow_up["title"]
        assert done.headers["etag"] != '"1"'

        reopened = await client.patch(
            f"{API}/follow-ups/{follow_up['id']}", json={"status": "planned"}
        )
        assert reopened.status_code == 200, reopened.text
        assert reopened.json()["completed_on"] is None  # re-opening clears it

        assert (await client.delete(f"{API}/follow-ups/{follow_up['id']}")).status_code == 204
        assert_problem(await client.get(f"{API}/follow-ups/{follow_up['id']}"), 404)
    assert await count_rows(world, FollowUp) == 0


async def test_recorded_as_done_with_a_date(world: World) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        follow_up = await make_follow_up(
            client, activity["id"], status="done", completed_on="2026-01-20"
        )
    assert follow_up["completed_on"] == "2026-01-20"


async def test_lists_by_due_date_with_filters(world: World) -> None:
    network = world.networks["A"]
    member2 = str(world.people["member2"].id)
    async with world.client("member") as client:
        first = await make_activity(client, network.id, title="First")
        second = await make_activity(client, network.id, title="Second")
        await make_follow_up(client, first["id"], title="March", due_on="2026-03-01")
        await make_follow_up(
            client, first["id"], title="January", due_on="2026-01-15", assignee_user_id=member2
        )
        await make_follow_up(
            client,
            second["id"],
            title="February",
            due_on="2026-02-01",
            status="done",
            assignee_user_id=str(world.people["member"].id),
        )
        on_first = f"/activities/{first['id']}/follow-ups"
        assert await listed(client, on_first) == ["January", "March"]
        everywhere = f"/networks/{network.id}/follow-ups"
        assert await listed(client, everywhere) == ["January", "February", "March"]
        assert await listed(client, everywhere, status="planned") == ["January", "March"]
        assert await listed(client, everywhere, assignee_user_id=member2) == ["January"]
        assert await listed(client, everywhere, mine="true") == ["February"]
        assert await listed(client, everywhere, due_before="2026-02-01") == ["January"]
        assert await listed(client, everywhere, activity_id=second["id"]) == ["February"]
    async with world.client("member2") as client:
        assert await listed(client, everywhere, mine="true") == ["January"]


async def test_lists_page_through_follow_ups_due_on_the_same_day(world: World) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        made = [
            await make_follow_up(client, activity["id"], title=f"F{i}", due_on=due)
            for i, due in enumerate(["2026-02-01", "2026-02-01", "2026-02-01", "2026-01-01"])
        ]
        for url in (
            f"{API}/activities/{activity['id']}/follow-ups",
            f"{API}/networks/{world.networks['A'].id}/follow-ups",
        ):
            seen: list[str] = []
            cursor = None
            while True:
                params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
                response = await client.get(url, params=params)
                assert response.status_code == 200, response.text
                seen += [f["id"] for f in response.json()["items"]]
                cursor = response.json()["next_cursor"]
                if cursor is None:
                    break
            assert seen == [made[3]["id"], *sorted(m["id"] for m in made[:3])]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"completed_on": "2026-02-01"}, "/completed_on"),  # without status done
        ({"status": "dropped", "completed_on": "2026-02-01"}, "/completed_on"),
        ({"title": ""}, "/title"),
        ({"title": "t" * 201}, "/title"),
        ({"due_on": "2026-02-30"}, "/due_on"),
        ({"due_on": None}, "/due_on"),
        ({"kind": "nagging"}, "/kind"),
        ({"status": "late"}, "/status"),
        ({"notes": "n" * 20_001}, "/notes"),
        ({"owner_organisation_id": "nope"}, "/owner_organisation_id"),
        ({"activity_id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33"}, "/activity_id"),
    ],
)
async def test_create_validation(world: World, body: dict[str, Any], pointer: str) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
    path = f"/activities/{activity['id']}/follow-ups"
    check = {"title": "Check", "due_on": "2026-02-10", **body}
    await assert_create_validated(world, path, check, FollowUp, pointer)


async def test_unknown_field_is_named(world: World) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
    response = await posted(
        world,
        f"/activities/{activity['id']}/follow-ups",
        {"title": "Check", "due_on": "2026-02-10", "priority": "high"},
    )
    assert_problem(response, 422, "/priority", detail="unknown field")


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"completed_on": "2026-02-01"}, 422, "/completed_on"),
        ({"status": "planned", "completed_on": "2026-02-01"}, 422, "/completed_on"),
        ({"title": None}, 422, "/title"),
        ({"status": None}, 422, "/status"),
        ({"due_on": None}, 422, "/due_on"),
        ({"notes": None}, 422, "/notes"),
        ({"kind": None}, 422, "/kind"),
        ({"assignee_user_id": str(uuid.uuid4())}, 404, "/assignee_user_id"),
        ({"owner_organisation_id": str(uuid.uuid4())}, 404, "/owner_organisation_id"),
        ({"follow_up_activity_id": str(uuid.uuid4())}, 404, "/follow_up_activity_id"),
    ],
)
async def test_update_validation_changes_nothing(
    world: World, body: dict[str, Any], status: int, pointer: str
) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        follow_up = await make_follow_up(client, activity["id"])
        response = await client.patch(f"{API}/follow-ups/{follow_up['id']}", json=body)
        assert_problem(response, status, pointer)
        await assert_unchanged(client, f"/follow-ups/{follow_up['id']}", follow_up)


async def test_nullable_fields_may_be_cleared(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        owner = await make_organisation(client, network.id)
        activity = await make_activity(client, network.id)
        follow_up = await make_follow_up(
            client,
            activity["id"],
            owner_organisation_id=owner["id"],
            assignee_user_id=str(world.people["member"].id),
            follow_up_activity_id=activity["id"],
        )
        response = await client.patch(
            f"{API}/follow-ups/{follow_up['id']}",
            json={
                "owner_organisation_id": None,
                "assignee_user_id": None,
                "follow_up_activity_id": None,
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["owner_organisation_id"] is None
    assert body["assignee_user_id"] is None
    assert body["follow_up_activity_id"] is None


async def test_assignee_must_be_in_the_network(world: World) -> None:
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        for who in ("admin", "outsider"):
            response = await client.post(
                f"{API}/activities/{activity['id']}/follow-ups",
                json={
                    "title": "Check",
                    "due_on": "2026-02-10",
                    "assignee_user_id": str(world.people[who].id),
                },
            )
            assert_problem(response, 404, "/assignee_user_id")
        # A viewer of the network is a member of it and may be assigned.
        ok = await make_follow_up(
            client, activity["id"], assignee_user_id=str(world.people["viewer"].id)
        )
    assert ok["assignee_user_id"] == str(world.people["viewer"].id)
    assert await count_rows(world, FollowUp) == 1


async def test_on_a_missing_activity(world: World) -> None:
    missing = uuid.uuid4()
    async with world.client("member") as client:
        assert_problem(await client.get(f"{API}/activities/{missing}/follow-ups"), 404)
        assert_problem(
            await client.post(
                f"{API}/activities/{missing}/follow-ups",
                json={"title": "Check", "due_on": "2026-02-10"},
            ),
            404,
        )


async def test_viewer_reads_but_cannot_write(world: World) -> None:
    async with world.client("member") as member:
        activity = await make_activity(member, world.networks["A"].id)
        follow_up = await make_follow_up(member, activity["id"])
    async with world.client("viewer") as viewer:
        assert (await viewer.get(f"{API}/follow-ups/{follow_up['id']}")).status_code == 200
        assert await listed(viewer, f"/activities/{activity['id']}/follow-ups") == [
            follow_up["title"]
        ]
        assert_problem(
            await viewer.post(
                f"{API}/activities/{activity['id']}/follow-ups",
                json={"title": "V", "due_on": "2026-02-10"},
            ),
            403,
        )
        assert_problem(
            await viewer.patch(f"{API}/follow-ups/{follow_up['id']}", json={"status": "done"}),
            403,
        )
        assert_problem(await viewer.delete(f"{API}/follow-ups/{follow_up['id']}"), 403)
    assert await count_rows(world, FollowUp) == 1
    assert await count_rows(world, FollowUp, status="planned") == 1


async def test_completed_on_is_today_in_the_networks_timezone(world: World) -> None:
    # Kiritimati is UTC+14: its "today" is often not the UTC date.
    zone = ZoneInfo("Pacific/Kiritimati")
    async with world.client("coord") as coord:
        await coord.patch(
            f"{API}/networks/{world.networks['A'].id}", json={"timezone": "Pacific/Kiritimati"}
        )
        activity = await make_activity(coord, world.networks["A"].id)
        before = dt.datetime.now(zone).date().isoformat()
        done = await make_follow_up(coord, activity["id"], status="done")
        after = dt.datetime.now(zone).date().isoformat()
    assert done["completed_on"] in {before, after}
