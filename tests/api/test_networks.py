"""Networks (site admins create them, coordinators run them) and who holds which role."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.invitations.models import Invitation
from services.core.networks.models import Membership, Network
from tests.builders import assert_created, assert_problem, count_rows
from tests.support import API, World


def network_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Regional engagement network",
        "slug": "regional-engagement",
        "description": "East African health advocacy",
        "themes": ["public health", "advocacy"],
        "timezone": "Africa/Nairobi",
    }
    body.update(overrides)
    return body


async def test_admin_creates_reads_updates_lists_and_deletes_a_network(world: World) -> None:
    async with world.client("admin") as admin:
        created = await admin.post(f"{API}/networks", json=network_body())
        network = assert_created(created, "/networks")
        assert network["timezone"] == "Africa/Nairobi"
        assert network["follow_up_grace_days"] == 30
        assert network["reminder_schedule_days"] == [0, 7, 21]
        assert network["reminders_since"]  # defaults to now
        assert network["my_role"] == "coordinator"

        got = await admin.get(f"{API}/networks/{network['id']}")
        assert got.status_code == 200
        assert got.json() == network

        patched = await admin.patch(
            f"{API}/networks/{network['id']}",
            json={"follow_up_grace_days": 14, "reminder_schedule_days": [21, 0, 7, 7]},
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["follow_up_grace_days"] == 14
        assert patched.json()["reminder_schedule_days"] == [0, 7, 21]
        assert patched.json()["name"] == network["name"]  # untouched fields stay
        assert patched.headers["etag"] == '"2"'

        listed = await admin.get(f"{API}/networks")
        names = [n["name"] for n in listed.json()["items"]]
        assert names == sorted(names) and len(names) == 3

        assert (await admin.delete(f"{API}/networks/{network['id']}")).status_code == 204
        assert_problem(await admin.get(f"{API}/networks/{network['id']}"), 404)
    assert await count_rows(world, Network) == 2


async def test_deleting_a_network_deletes_what_is_in_it(world: World) -> None:
    network_id = world.networks["A"].id
    async with world.client("member") as member:
        org = await member.post(f"{API}/networks/{network_id}/organisations", json={"name": "X"})
        assert org.status_code == 201
    async with world.client("admin") as admin:
        assert (await admin.delete(f"{API}/networks/{network_id}")).status_code == 204
        assert_problem(await admin.get(f"{API}/organisations/{org.json()['id']}"), 404)
    assert await count_rows(world, Membership, network_id=network_id) == 0


async def test_list_shows_only_the_callers_networks_with_their_role(world: World) -> None:
    async with world.client("viewer") as viewer:
        listed = await viewer.get(f"{API}/networks")
    assert listed.status_code == 200
    assert [(n["id"], n["my_role"]) for n in listed.json()["items"]] == [
        (str(world.networks["A"].id), "viewer")
    ]


async def test_coordinator_updates_the_network(world: World) -> None:
    network = world.networks["A"]
    async with world.client("coord") as coord:
        response = await coord.patch(
            f"{API}/networks/{network.id}",
            json={"description": "New", "timezone": "Europe/Amsterdam", "themes": ["gender"]},
        )
    assert response.status_code == 200, response.text
    assert response.json()["timezone"] == "Europe/Amsterdam"
    assert response.json()["themes"] == ["gender"]


async def test_member_cannot_change_the_network(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        assert_problem(
            await member.patch(f"{API}/networks/{network.id}", json={"name": "Mine now"}), 403
        )
        got = await member.get(f"{API}/networks/{network.id}")
    assert got.json()["name"] == network.name
    assert got.headers["etag"] == '"1"'


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "/timezone"),
        ({"timezone": "localtime"}, "/timezone"),
        ({"timezone": "../../etc/passwd"}, "/timezone"),
        ({"slug": "Not A Slug"}, "/slug"),
        ({"slug": "a"}, "/slug"),
        ({"name": ""}, "/name"),
        ({"name": "n" * 201}, "/name"),
        ({"description": "d" * 20_001}, "/description"),
        ({"themes": [f"theme {i}" for i in range(51)]}, "/themes"),
        ({"themes": ["t" * 61]}, "/themes/0"),
        ({"follow_up_grace_days": -1}, "/follow_up_grace_days"),
        ({"follow_up_grace_days": 366}, "/follow_up_grace_days"),
        ({"reminder_schedule_days": []}, "/reminder_schedule_days"),
        ({"reminder_schedule_days": [0, 400]}, "/reminder_schedule_days/1"),
        ({"reminders_since": "2026-01-01T00:00:00"}, "/reminders_since"),
        ({"owner": "me"}, "/owner"),
    ],
)
async def test_network_create_validation(
    world: World, overrides: dict[str, Any], pointer: str
) -> None:
    async with world.client("admin") as admin:
        response = await admin.post(f"{API}/networks", json=network_body(**overrides))
    assert_problem(response, 422, pointer)
    assert await count_rows(world, Network) == 2


async def test_unknown_field_says_unknown_field(world: World) -> None:
    async with world.client("admin") as admin:
        response = await admin.post(f"{API}/networks", json=network_body(colour="red"))
    assert_problem(response, 422, "/colour", detail="unknown field")


async def test_duplicate_slug_is_refused_on_create_and_on_rename(world: World) -> None:
    taken = world.networks["B"].slug
    async with world.client("admin") as admin:
        assert_problem(
            await admin.post(f"{API}/networks", json=network_body(slug=taken)), 422, "/slug"
        )
        renamed = await admin.patch(
            f"{API}/networks/{world.networks['A'].id}", json={"slug": taken}
        )
        assert_problem(renamed, 422, "/slug")
        # Keeping one's own slug is not a conflict.
        same = await admin.patch(
            f"{API}/networks/{world.networks['A'].id}", json={"slug": world.networks["A"].slug}
        )
        assert same.status_code == 200, same.text
    assert await count_rows(world, Network) == 2


@pytest.mark.parametrize("field", ["name", "slug", "timezone", "themes", "follow_up_grace_days"])
async def test_patch_refuses_null_for_a_required_field(world: World, field: str) -> None:
    network = world.networks["A"]
    async with world.client("coord") as coord:
        response = await coord.patch(f"{API}/networks/{network.id}", json={field: None})
        assert_problem(response, 422, f"/{field}")
        got = await coord.get(f"{API}/networks/{network.id}")
    assert got.headers["etag"] == '"1"'


# --- members ------------------------------------------------------------------------------


async def members_of(world: World, who: str = "coord") -> dict[str, dict[str, Any]]:
    async with world.client(who) as client:
        response = await client.get(f"{API}/networks/{world.networks['A'].id}/members")
    assert response.status_code == 200, response.text
    return {m["email"].split("@")[0]: m for m in response.json()["items"]}


async def test_members_are_listed_with_their_roles(world: World) -> None:
    members = await members_of(world, "viewer")
    assert {name: m["role"] for name, m in members.items()} == {
        "coord": "coordinator",
        "member": "member",
        "member2": "member",
        "viewer": "viewer",
    }


async def test_admins_add_by_user_id_and_coordinators_invite_by_email(world: World) -> None:
    network = world.networks["A"]
    fresh = await world.add_user("fresh")
    other = await world.add_user("other")
    async with world.client("coord") as coord:
        # Nobody is put into a network without consent: coordinators send invitations.
        direct = await coord.post(
            f"{API}/networks/{network.id}/members",
            json={"user_id": str(fresh.id), "role": "member"},
        )
        assert_problem(direct, 403)
        by_email = await coord.post(
            f"{API}/networks/{network.id}/members",
            json={"email": "Other@Example.org", "role": "viewer"},
        )
        assert by_email.status_code == 202, by_email.text
        assert by_email.json() == {"email": "other@example.org", "role": "viewer"}
        pending = await coord.get(f"{API}/networks/{network.id}/invitations")
        assert [(i["email"], i["role"]) for i in pending.json()["items"]] == [
            ("other@example.org", "viewer")
        ]
    async with world.client("admin") as admin:
        by_id = await admin.post(
            f"{API}/networks/{network.id}/members",
            json={"user_id": str(fresh.id), "role": "member"},
        )
        assert by_id.status_code == 201, by_id.text
        assert by_id.json()["user_id"] == str(fresh.id)
        assert by_id.headers["location"] == f"{API}/memberships/{by_id.json()['id']}"
        again = await admin.post(
            f"{API}/networks/{network.id}/members",
            json={"user_id": str(fresh.id), "role": "viewer"},
        )
        assert_problem(again, 409)
    members = await members_of(world)
    assert members["fresh"]["role"] == "member"
    # Invited, not yet a member: "other" joins only by accepting.
    assert "other" not in members and other.id is not None
    async with world.client("fresh") as client:
        assert (await client.get(f"{API}/networks/{network.id}")).status_code == 200


async def test_adding_by_email_answers_the_same_whether_or_not_the_user_exists(
    world: World,
) -> None:
    await world.add_user("known")
    network = world.networks["A"].id
    async with world.client("coord") as coord:
        known, unknown = [
            await coord.post(
                f"{API}/networks/{network}/members", json={"email": email, "role": "member"}
            )
            for email in ("known@example.org", "ghost@example.org")
        ]
    assert known.status_code == unknown.status_code == 202, (known.text, unknown.text)
    assert known.json() == {"email": "known@example.org", "role": "member"}
    assert unknown.json() == {"email": "ghost@example.org", "role": "member"}
    assert set(known.headers) == set(unknown.headers) and "location" not in known.headers
    for header in ("content-type", "content-length", "cache-control"):
        assert known.headers.get(header) == unknown.headers.get(header), header
    # Both were invited; neither is a member until they accept.
    assert "known" not in await members_of(world)
    assert await count_rows(world, Membership, network_id=network) == 4
    assert await count_rows(world, Invitation, network_id=network) == 2


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"user_id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33", "role": "member"}, 422, "/user_id"),
        ({"email": "member@example.org", "role": "owner"}, 422, "/role"),
        ({"role": "member"}, 422, ""),
        (
            {
                "email": "x@example.org",
                "user_id": "0193f0c2-7d1e-7a4b-9c1e-5b2f8e0a1d33",
                "role": "member",
            },
            422,
            "",
        ),
        ({"email": "not-an-email", "role": "member"}, 422, "/email"),
    ],
)
async def test_add_member_validation(
    world: World, body: dict[str, Any], status: int, pointer: str
) -> None:
    # A site admin, the one caller who may add by user_id, so every rule is reached.
    async with world.client("admin") as admin:
        response = await admin.post(f"{API}/networks/{world.networks['A'].id}/members", json=body)
    assert_problem(response, status, pointer)
    assert await count_rows(world, Membership, network_id=world.networks["A"].id) == 4


async def test_coordinator_changes_a_role_and_removes_a_member(world: World) -> None:
    members = await members_of(world)
    async with world.client("coord") as coord:
        promoted = await coord.patch(
            f"{API}/memberships/{members['member']['id']}", json={"role": "coordinator"}
        )
        assert promoted.status_code == 200, promoted.text
        assert promoted.json()["role"] == "coordinator"
        removed = await coord.delete(f"{API}/memberships/{members['viewer']['id']}")
        assert removed.status_code == 204
        assert_problem(
            await coord.patch(
                f"{API}/memberships/{members['viewer']['id']}", json={"role": "member"}
            ),
            404,
        )
    after = await members_of(world)
    assert "viewer" not in after and after["member"]["role"] == "coordinator"
    # The removed viewer no longer sees the network at all.
    async with world.client("viewer") as viewer:
        assert_problem(await viewer.get(f"{API}/networks/{world.networks['A'].id}"), 404)
    # The promoted member now manages members.
    async with world.client("member") as member:
        demoted = await member.patch(
            f"{API}/memberships/{members['member2']['id']}", json={"role": "viewer"}
        )
        assert demoted.status_code == 200, demoted.text


async def test_the_last_coordinator_cannot_be_removed_or_demoted(world: World) -> None:
    members = await members_of(world)
    coord_id = members["coord"]["id"]
    async with world.client("coord") as coord:
        assert_problem(
            await coord.patch(f"{API}/memberships/{coord_id}", json={"role": "member"}), 409
        )
        assert_problem(await coord.delete(f"{API}/memberships/{coord_id}"), 409)
    assert (await members_of(world))["coord"]["role"] == "coordinator"
    async with world.client("admin") as admin:
        # Not even a site admin can leave a network without a coordinator.
        assert_problem(await admin.delete(f"{API}/memberships/{coord_id}"), 409)
        # With a second coordinator, the first may step down.
        await admin.patch(
            f"{API}/memberships/{members['member']['id']}", json={"role": "coordinator"}
        )
    async with world.client("coord") as coord:
        stepped = await coord.patch(f"{API}/memberships/{coord_id}", json={"role": "member"})
        assert stepped.status_code == 200, stepped.text


async def test_members_and_viewers_cannot_manage_members(world: World) -> None:
    members = await members_of(world)
    fresh = await world.add_user("fresh")
    for who in ("member", "viewer"):
        async with world.client(who) as client:
            added = await client.post(
                f"{API}/networks/{world.networks['A'].id}/members",
                json={"user_id": str(fresh.id), "role": "member"},
            )
            assert_problem(added, 403)
            changed = await client.patch(
                f"{API}/memberships/{members['member2']['id']}", json={"role": "coordinator"}
            )
            assert_problem(changed, 403)
            assert_problem(
                await client.delete(f"{API}/memberships/{members['member2']['id']}"), 403
            )
            # Not even on oneself.
            own = await client.patch(
                f"{API}/memberships/{members[who]['id']}", json={"role": "coordinator"}
            )
            assert_problem(own, 403)
    after = await members_of(world)
    assert {n: m["role"] for n, m in after.items()} == {n: m["role"] for n, m in members.items()}


async def test_member_update_refuses_unknown_fields(world: World) -> None:
    members = await members_of(world)
    async with world.client("coord") as coord:
        response = await coord.patch(
            f"{API}/memberships/{members['member']['id']}",
            json={"role": "viewer", "network_id": str(world.networks["B"].id)},
        )
    assert_problem(response, 422, "/network_id", detail="unknown field")
