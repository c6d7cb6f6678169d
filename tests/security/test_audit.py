"""The audit trail: every create, update and delete, with before and after, never secrets."""

from __future__ import annotations

from typing import Any

from tests.builders import activity_body
from tests.support import API, World


async def audit(world: World, **params: Any) -> list[dict[str, Any]]:
    async with world.client("coord") as client:
        response = await client.get(f"{API}/networks/{world.networks['A'].id}/audit", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_create_update_delete_of_an_activity_are_recorded(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        org = (
            await client.post(f"{API}/networks/{network}/organisations", json={"name": "Wemos"})
        ).json()
        created = (
            await client.post(
                f"{API}/networks/{network}/activities",
                json=activity_body(facilitator_ids=[org["id"]]),
            )
        ).json()
        await client.patch(f"{API}/activities/{created['id']}", json={"title": "Renamed visit"})
        await client.delete(f"{API}/activities/{created['id']}")

    events = await audit(world, entity="activity")
    assert [e["action"] for e in events] == ["delete", "update", "create"]
    create, update = events[2], events[1]
    assert create["actor_type"] == "user"
    assert create["actor_id"] == str(world.people["member"].id)
    assert create["actor_label"] == "member@example.org"
    assert create["entity_id"] == created["id"]
    assert create["changes"]["title"] == "South-South learning visit"
    assert update["changes"] == {
        "title": {"before": "South-South learning visit", "after": "Renamed visit"}
    }
    links = await audit(world, entity="activity_organisation")
    assert [e["action"] for e in links][-1] == "create"
    assert links[-1]["changes"]["role"] == "facilitator"


async def test_filters_by_actor_and_entity(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        await client.post(f"{API}/networks/{network}/organisations", json={"name": "One"})
    async with world.client("coord") as client:
        await client.post(f"{API}/networks/{network}/organisations", json={"name": "Two"})
    mine = await audit(world, actor_id=str(world.people["coord"].id))
    assert [e["changes"]["name"] for e in mine] == ["Two"]
    assert len(await audit(world, entity="organisation")) == 2


async def test_secrets_never_reach_the_trail(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        key = (
            await client.post(
                f"{API}/networks/{network}/api-keys", json={"name": "x", "scopes": ["read"]}
            )
        ).json()
    [event] = await audit(world, entity="api_key")
    assert "secret_hash" not in event["changes"]
    assert key["key"] not in str(event)


async def test_a_rolled_back_change_leaves_no_record(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        bad = await client.post(
            f"{API}/networks/{network}/activities",
            json=activity_body(ends_at="2026-01-01T00:00:00Z"),
        )
    assert bad.status_code == 422
    assert await audit(world, entity="activity") == []


async def test_only_coordinators_read_the_trail(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        assert (await client.get(f"{API}/networks/{network}/audit")).status_code == 403
    async with world.client("outsider") as client:
        assert (await client.get(f"{API}/networks/{network}/audit")).status_code == 404
