"""Reflections: learning notes, with the visibility their author chose."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from services.core.reflections.models import Reflection
from tests.builders import (
    assert_create_validated,
    assert_created,
    assert_problem,
    assert_unchanged,
    count_rows,
    listed,
    make_activity,
    make_organisation,
    make_reflection,
    posted,
)
from tests.support import API, World


async def test_create_read_update_delete(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        activity = await make_activity(client, network.id)
        org = await make_organisation(client, network.id)
        created = await client.post(
            f"{API}/networks/{network.id}/reflections",
            json={
                "activity_id": activity["id"],
                "organisation_id": org["id"],
                "body": "## Power\nThe donor spoke first, and longest.",
                "tags": ["power", "governance", "power"],
                "visibility": "coordinators",
            },
        )
        reflection = assert_created(created, "/reflections")
        assert reflection["author_id"] == str(world.people["member"].id)
        assert reflection["tags"] == ["power", "governance"]
        assert reflection["visibility"] == "coordinators"

        got = await client.get(f"{API}/reflections/{reflection['id']}")
        assert got.status_code == 200 and got.json() == reflection

        patched = await client.patch(
            f"{API}/reflections/{reflection['id']}",
            json={"visibility": "network", "activity_id": None},
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["visibility"] == "network"
        assert patched.json()["activity_id"] is None
        assert patched.json()["body"] == reflection["body"]
        assert patched.headers["etag"] == '"2"'

        assert (await client.delete(f"{API}/reflections/{reflection['id']}")).status_code == 204
        assert_problem(await client.get(f"{API}/reflections/{reflection['id']}"), 404)
    assert await count_rows(world, Reflection) == 0


async def titles(client: httpx.AsyncClient, network_id: Any, **params: Any) -> list[str]:
    return await listed(client, f"/networks/{network_id}/reflections", "body", **params)


async def test_list_is_newest_first_and_filters(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        activity = await make_activity(client, network.id)
        await make_reflection(client, network.id, body="one", tags=["power", "gender"])
        await make_reflection(client, network.id, body="two", activity_id=activity["id"])
        await make_reflection(client, network.id, body="three", tags=["learning"])
    async with world.client("member2") as client:
        await make_reflection(client, network.id, body="four", tags=["gender"])
        assert await titles(client, network.id) == ["four", "three", "two", "one"]
        assert await titles(client, network.id, tag="gender") == ["four", "one"]
        assert await titles(client, network.id, activity_id=activity["id"]) == ["two"]
        assert await titles(client, network.id, mine="true") == ["four"]
        assert await titles(client, network.id, visibility="network", tag="learning") == ["three"]
        assert await titles(client, network.id, tag="nothing") == []


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"body": ""}, "/body"),
        ({"body": "   "}, "/body"),
        ({"body": "b" * 20_001}, "/body"),
        ({"body": "x", "tags": [f"t{i}" for i in range(51)]}, "/tags"),
        ({"body": "x", "tags": ["t" * 61]}, "/tags/0"),
        ({"body": "x", "tags": [""]}, "/tags/0"),
        ({"body": "x", "visibility": "public"}, "/visibility"),
        ({"body": "x", "activity_id": "not-a-uuid"}, "/activity_id"),
        ({"body": "x", "author_id": str(uuid.uuid4())}, "/author_id"),
        ({}, "/body"),
    ],
)
async def test_create_validation(world: World, body: dict[str, Any], pointer: str) -> None:
    path = f"/networks/{world.networks['A'].id}/reflections"
    await assert_create_validated(world, path, body, Reflection, pointer)


async def test_unknown_field_is_named(world: World) -> None:
    response = await posted(
        world, f"/networks/{world.networks['A'].id}/reflections", {"body": "x", "mood": "hopeful"}
    )
    assert_problem(response, 422, "/mood", detail="unknown field")


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"body": None}, 422, "/body"),
        ({"body": ""}, 422, "/body"),
        ({"tags": None}, 422, "/tags"),
        ({"visibility": None}, 422, "/visibility"),
        ({"visibility": "everyone"}, 422, "/visibility"),
        ({"activity_id": str(uuid.uuid4())}, 404, "/activity_id"),
        ({"organisation_id": str(uuid.uuid4())}, 404, "/organisation_id"),
    ],
)
async def test_update_validation_changes_nothing(
    world: World, body: dict[str, Any], status: int, pointer: str
) -> None:
    async with world.client("member") as client:
        reflection = await make_reflection(client, world.networks["A"].id)
        response = await client.patch(f"{API}/reflections/{reflection['id']}", json=body)
        assert_problem(response, status, pointer)
        await assert_unchanged(client, f"/reflections/{reflection['id']}", reflection)


async def test_references_must_exist(world: World) -> None:
    async with world.client("member") as client:
        for field in ("activity_id", "organisation_id"):
            response = await client.post(
                f"{API}/networks/{world.networks['A'].id}/reflections",
                json={"body": "x", field: str(uuid.uuid4())},
            )
            assert_problem(response, 404, f"/{field}")
    assert await count_rows(world, Reflection) == 0


async def test_only_the_author_edits(world: World) -> None:
    async with world.client("member") as member:
        reflection = await make_reflection(member, world.networks["A"].id, body="mine")
    for who in ("member2", "coord", "admin"):
        async with world.client(who) as other:
            response = await other.patch(
                f"{API}/reflections/{reflection['id']}", json={"body": "theirs"}
            )
            assert_problem(response, 403)
    async with world.client("member") as member:
        after = await member.get(f"{API}/reflections/{reflection['id']}")
    assert after.json()["body"] == "mine"
    assert after.headers["etag"] == '"1"'


async def test_the_author_or_a_coordinator_deletes(world: World) -> None:
    async with world.client("member") as member:
        first = await make_reflection(member, world.networks["A"].id, body="first")
        second = await make_reflection(member, world.networks["A"].id, body="second")
    async with world.client("member2") as member2:
        assert_problem(await member2.delete(f"{API}/reflections/{first['id']}"), 403)
    async with world.client("coord") as coord:
        assert (await coord.delete(f"{API}/reflections/{first['id']}")).status_code == 204
    async with world.client("member") as member:
        assert (await member.delete(f"{API}/reflections/{second['id']}")).status_code == 204
    assert await count_rows(world, Reflection) == 0


async def test_viewer_reads_but_cannot_write(world: World) -> None:
    async with world.client("member") as member:
        reflection = await make_reflection(member, world.networks["A"].id)
    async with world.client("viewer") as viewer:
        assert (await viewer.get(f"{API}/reflections/{reflection['id']}")).status_code == 200
        assert_problem(
            await viewer.post(
                f"{API}/networks/{world.networks['A'].id}/reflections", json={"body": "v"}
            ),
            403,
        )
        assert_problem(await viewer.delete(f"{API}/reflections/{reflection['id']}"), 403)
    assert await count_rows(world, Reflection) == 1
