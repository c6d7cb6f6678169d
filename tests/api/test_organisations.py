"""Member organisations of a network."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.organisations.models import Organisation
from tests.builders import (
    assert_create_validated,
    assert_created,
    assert_problem,
    assert_unchanged,
    count_rows,
    listed,
    make_activity,
    make_organisation,
    posted,
)
from tests.support import API, World


async def test_member_creates_reads_updates_and_deletes_an_organisation(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        created = await client.post(
            f"{API}/networks/{network.id}/organisations",
            json={
                "name": "  Wemos  ",
                "iati_identifier": "NL-KVK-41208024",
                "country": "nl",
                "kind": "ngo",
                "level": "national",
                "expertise": ["advocacy", "health", "advocacy"],
                "contact_email": "info@wemos.example",
                "joined_on": "2020-01-01",
            },
        )
        org = assert_created(created, "/organisations")
        assert org["name"] == "Wemos"  # trimmed
        assert org["country"] == "NL"  # normalised
        assert org["expertise"] == ["advocacy", "health"]  # de-duplicated
        assert org["network_id"] == str(network.id)

        got = await client.get(f"{API}/organisations/{org['id']}")
        assert got.status_code == 200 and got.json() == org

        patched = await client.patch(
            f"{API}/organisations/{org['id']}", json={"level": "global", "country": None}
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["level"] == "global"
        assert patched.json()["country"] is None
        assert patched.json()["name"] == "Wemos"
        assert patched.json()["iati_identifier"] == "NL-KVK-41208024"
        assert patched.headers["etag"] == '"2"'

        assert (await client.delete(f"{API}/organisations/{org['id']}")).status_code == 204
        assert_problem(await client.get(f"{API}/organisations/{org['id']}"), 404)
        assert_problem(await client.delete(f"{API}/organisations/{org['id']}"), 404)
    assert await count_rows(world, Organisation) == 0


async def test_deleted_organisation_disappears_from_its_activities(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        giver = await make_organisation(client, network.id, "Giver")
        taker = await make_organisation(client, network.id, "Taker")
        activity = await make_activity(
            client, network.id, facilitator_ids=[giver["id"]], participant_ids=[taker["id"]]
        )
        assert (await client.delete(f"{API}/organisations/{giver['id']}")).status_code == 204
        after = (await client.get(f"{API}/activities/{activity['id']}")).json()
    assert after["facilitator_ids"] == []
    assert after["participant_ids"] == [taker["id"]]


async def test_list_is_ordered_by_name_and_filters(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        for name, extra in [
            ("Zambia Health Forum", {"country": "ZM", "level": "national", "kind": "ngo"}),
            ("Amref", {"country": "KE", "level": "regional", "kind": "ngo"}),
            ("Global Fund Watch", {"level": "global", "kind": "research"}),
            ("Kenya Youth Health", {"country": "KE", "level": "local", "kind": "community_based"}),
        ]:
            await make_organisation(client, network.id, name, **extra)

        async def names(**params: Any) -> list[str]:
            return await listed(client, f"/networks/{network.id}/organisations", "name", **params)

        assert await names() == [
            "Amref",
            "Global Fund Watch",
            "Kenya Youth Health",
            "Zambia Health Forum",
        ]
        assert await names(q="HEALTH") == ["Kenya Youth Health", "Zambia Health Forum"]
        assert await names(country="ke") == ["Amref", "Kenya Youth Health"]
        assert await names(level="regional") == ["Amref"]
        assert await names(kind="research") == ["Global Fund Watch"]
        assert await names(country="KE", level="local") == ["Kenya Youth Health"]
        assert await names(q="nothing like this") == []
        bad = await client.get(
            f"{API}/networks/{network.id}/organisations", params={"country": "XX"}
        )
        assert_problem(bad, 422, "country")
        bad = await client.get(
            f"{API}/networks/{network.id}/organisations", params={"level": "planetary"}
        )
        assert_problem(bad, 422, "level")


async def test_names_are_unique_per_network_only(world: World) -> None:
    async with world.client("member") as member:
        await make_organisation(member, world.networks["A"].id, "Wemos")
        duplicate = await member.post(
            f"{API}/networks/{world.networks['A'].id}/organisations", json={"name": "Wemos"}
        )
        assert_problem(duplicate, 422, "/name")
        other = await make_organisation(member, world.networks["A"].id, "Other")
        renamed = await member.patch(f"{API}/organisations/{other['id']}", json={"name": "Wemos"})
        assert_problem(renamed, 422, "/name")
        # Re-sending its own name is fine.
        same = await member.patch(f"{API}/organisations/{other['id']}", json={"name": "Other"})
        assert same.status_code == 200, same.text
    async with world.client("outsider") as outsider:
        # Another network may have its own Wemos.
        await make_organisation(outsider, world.networks["B"].id, "Wemos")
    assert await count_rows(world, Organisation, name="Wemos") == 2


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"name": "X", "country": "XX"}, "/country"),
        ({"name": "X", "country": "NLD"}, "/country"),
        ({"name": "X", "kind": "company"}, "/kind"),
        ({"name": "X", "level": "planetary"}, "/level"),
        ({"name": ""}, "/name"),
        ({"name": "   "}, "/name"),
        ({"name": "n" * 201}, "/name"),
        ({}, "/name"),
        ({"name": "X", "iati_identifier": "NL"}, "/iati_identifier"),
        ({"name": "X", "expertise": [f"e{i}" for i in range(51)]}, "/expertise"),
        ({"name": "X", "expertise": [""]}, "/expertise/0"),
        ({"name": "X", "contact_email": "not an email"}, "/contact_email"),
        ({"name": "X", "joined_on": "yesterday"}, "/joined_on"),
        ({"name": "X", "joined_on": "2020-05-01", "left_on": "2020-04-30"}, "/left_on"),
        ({"name": "X", "network_id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33"}, "/network_id"),
    ],
)
async def test_create_validation(world: World, body: dict[str, Any], pointer: str) -> None:
    path = f"/networks/{world.networks['A'].id}/organisations"
    await assert_create_validated(world, path, body, Organisation, pointer)


async def test_unknown_field_is_named(world: World) -> None:
    response = await posted(
        world,
        f"/networks/{world.networks['A'].id}/organisations",
        {"name": "X", "website": "https://x.example"},
    )
    assert_problem(response, 422, "/website", detail="unknown field")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"name": None}, "/name"),
        ({"kind": None}, "/kind"),
        ({"level": None}, "/level"),
        ({"expertise": None}, "/expertise"),
        ({"country": "ZZ"}, "/country"),
        ({"left_on": "2019-12-31"}, "/left_on"),  # before the stored joined_on
        ({"id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33"}, "/id"),
    ],
)
async def test_update_validation_changes_nothing(
    world: World, body: dict[str, Any], pointer: str
) -> None:
    async with world.client("member") as member:
        org = await make_organisation(
            member, world.networks["A"].id, "Wemos", joined_on="2020-01-01", country="NL"
        )
        response = await member.patch(f"{API}/organisations/{org['id']}", json=body)
        assert_problem(response, 422, pointer)
        await assert_unchanged(member, f"/organisations/{org['id']}", org)


async def test_nullable_fields_may_be_cleared(world: World) -> None:
    async with world.client("member") as member:
        org = await make_organisation(
            member,
            world.networks["A"].id,
            "Wemos",
            joined_on="2020-01-01",
            left_on="2024-01-01",
            contact_email="a@b.example",
            iati_identifier="NL-1234",
        )
        response = await member.patch(
            f"{API}/organisations/{org['id']}",
            json={
                "joined_on": None,
                "left_on": None,
                "contact_email": None,
                "iati_identifier": None,
            },
        )
    assert response.status_code == 200, response.text
    cleared = response.json()
    assert [cleared[k] for k in ("joined_on", "left_on", "contact_email", "iati_identifier")] == [
        None
    ] * 4


async def test_viewer_reads_but_cannot_write(world: World) -> None:
    async with world.client("member") as member:
        org = await make_organisation(member, world.networks["A"].id)
    async with world.client("viewer") as viewer:
        assert (await viewer.get(f"{API}/organisations/{org['id']}")).status_code == 200
        listed = await viewer.get(f"{API}/networks/{world.networks['A'].id}/organisations")
        assert [o["id"] for o in listed.json()["items"]] == [org["id"]]
        assert_problem(
            await viewer.post(
                f"{API}/networks/{world.networks['A'].id}/organisations", json={"name": "V"}
            ),
            403,
        )
        assert_problem(
            await viewer.patch(f"{API}/organisations/{org['id']}", json={"name": "V"}), 403
        )
        assert_problem(await viewer.delete(f"{API}/organisations/{org['id']}"), 403)
    assert await count_rows(world, Organisation) == 1
    assert await count_rows(world, Organisation, name="Wemos") == 1
