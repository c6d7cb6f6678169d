"""API keys: created by coordinators, shown once, scoped to one network, revocable, expiring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from tests.builders import activity_body, make_api_key
from tests.support import API, World


async def create_key(world: World, scopes: list[str], **extra: Any) -> dict[str, Any]:
    async with world.client("coord") as client:
        return await make_api_key(
            client, world.networks["A"].id, name="CRM sync", scopes=scopes, **extra
        )


def keyed(world: World, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=world.app),
        base_url="http://test",
        headers={"Authorization": f"Bearer {key}"},
    )


async def test_the_key_is_shown_once_and_stored_only_as_a_digest(world: World) -> None:
    created = await create_key(world, ["read"])
    assert created["key"].startswith(created["prefix"] + "_")
    async with world.client("coord") as client:
        listed = (await client.get(f"{API}/networks/{world.networks['A'].id}/api-keys")).json()
        single = (await client.get(f"{API}/api-keys/{created['id']}")).json()
    assert "key" not in listed["items"][0] and "key" not in single
    assert created["key"] not in str(listed) and "secret_hash" not in str(listed)


async def test_a_read_key_reads_its_network_but_cannot_write(world: World) -> None:
    key = (await create_key(world, ["read"]))["key"]
    network = world.networks["A"].id
    async with keyed(world, key) as client:
        read = await client.get(f"{API}/networks/{network}/activities")
        write = await client.post(f"{API}/networks/{network}/activities", json=activity_body())
    assert read.status_code == 200
    assert write.status_code == 403
    assert write.headers["content-type"] == "application/problem+json"


async def test_a_write_key_creates_without_a_csrf_token_and_is_audited(world: World) -> None:
    created = await create_key(world, ["read", "write"])
    network = world.networks["A"].id
    async with keyed(world, created["key"]) as client:
        response = await client.post(f"{API}/networks/{network}/activities", json=activity_body())
    assert response.status_code == 201, response.text
    assert response.json()["created_by"] is None
    async with world.client("coord") as client:
        audit = (
            await client.get(f"{API}/networks/{network}/audit", params={"entity": "activity"})
        ).json()
    [event] = audit["items"]
    assert event["actor_type"] == "api_key" and event["actor_id"] == created["id"]
    assert event["actor_label"] == f"API key CRM sync ({created['prefix']})"


async def test_a_key_never_reaches_another_network(world: World) -> None:
    key = (await create_key(world, ["read", "write"]))["key"]
    async with keyed(world, key) as client:
        other = await client.get(f"{API}/networks/{world.networks['B'].id}/activities")
        networks = (await client.get(f"{API}/networks")).json()
    assert other.status_code == 404
    assert [n["id"] for n in networks["items"]] == [str(world.networks["A"].id)]


async def test_keys_cannot_do_coordinator_or_person_things(world: World) -> None:
    key = (await create_key(world, ["read", "write"]))["key"]
    network = world.networks["A"].id
    async with keyed(world, key) as client:
        new_key = await client.post(
            f"{API}/networks/{network}/api-keys", json={"name": "x", "scopes": ["read"]}
        )
        me = await client.get(f"{API}/auth/me")
        patch = await client.patch(f"{API}/networks/{network}", json={"follow_up_grace_days": 1})
    assert new_key.status_code == 403
    assert me.status_code == 403
    assert patch.status_code == 403


async def test_revoked_and_expired_keys_get_401(world: World) -> None:
    revoked = await create_key(world, ["read"])
    async with world.client("coord") as client:
        assert (await client.delete(f"{API}/api-keys/{revoked['id']}")).status_code == 204
        shown = (await client.get(f"{API}/api-keys/{revoked['id']}")).json()
    assert shown["revoked_at"] is not None
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    expiring = await create_key(world, ["read"], expires_at=soon.isoformat())
    network = world.networks["A"].id
    async with keyed(world, revoked["key"]) as client:
        assert (await client.get(f"{API}/networks/{network}/activities")).status_code == 401
    import asyncio

    await asyncio.sleep(1.1)
    async with keyed(world, expiring["key"]) as client:
        response = await client.get(f"{API}/networks/{network}/activities")
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key has expired."


async def test_unknown_or_malformed_keys_get_401(world: World) -> None:
    created = await create_key(world, ["read"])
    network = world.networks["A"].id
    for bad in ("nonsense", created["key"] + "x", created["prefix"] + "_wrong"):
        async with keyed(world, bad) as client:
            response = await client.get(f"{API}/networks/{network}/activities")
        assert response.status_code == 401, bad


async def test_last_used_at_is_recorded(world: World) -> None:
    created = await create_key(world, ["read"])
    assert created["last_used_at"] is None
    async with keyed(world, created["key"]) as client:
        await client.get(f"{API}/networks/{world.networks['A'].id}/activities")
    async with world.client("coord") as client:
        shown = (await client.get(f"{API}/api-keys/{created['id']}")).json()
    assert shown["last_used_at"] is not None


async def test_expiry_must_lie_in_the_future_and_members_cannot_create_keys(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        past = await client.post(
            f"{API}/networks/{network}/api-keys",
            json={"name": "x", "scopes": ["read"], "expires_at": "2000-01-01T00:00:00Z"},
        )
    async with world.client("member") as client:
        member = await client.post(
            f"{API}/networks/{network}/api-keys", json={"name": "x", "scopes": ["read"]}
        )
    assert past.status_code == 422
    assert past.json()["errors"][0]["pointer"] == "/expires_at"
    assert member.status_code == 403


async def test_an_idempotent_retry_never_shows_the_secret_again(world: World) -> None:
    network = world.networks["A"].id
    headers = {"Idempotency-Key": "create-crm-key"}
    body = {"name": "CRM sync", "scopes": ["read"]}
    async with world.client("coord") as client:
        first = await client.post(f"{API}/networks/{network}/api-keys", json=body, headers=headers)
        retry = await client.post(f"{API}/networks/{network}/api-keys", json=body, headers=headers)
        listed = (await client.get(f"{API}/networks/{network}/api-keys")).json()
    assert first.status_code == 201 and first.headers["Cache-Control"] == "no-store"
    assert retry.status_code == 409
    assert first.json()["key"] not in retry.text
    assert len(listed["items"]) == 1, "the retry created nothing"
