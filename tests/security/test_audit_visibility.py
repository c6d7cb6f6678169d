"""The audit trail shows a reflection's events only to who may read the reflection.

A reflection's events carry its body, so the trail must answer as GET /reflections/{id} does:
a private note's history is its author's, whatever the reader's role.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db.engine import create_sessionmaker
from services.core.networks.models import Membership
from tests.builders import make_reflection
from tests.support import API, World


async def _second_coordinator(world: World) -> None:
    """coord2 can read the trail, so it can be the author of what others must not see."""
    await world.add_user("coord2")
    session: AsyncSession
    async with create_sessionmaker(world.engine)() as session, session.begin():
        session.add(
            Membership(
                network_id=world.networks["A"].id,
                user_id=world.people["coord2"].id,
                role="coordinator",
            )
        )


async def _trail(world: World, who: str, **params: Any) -> httpx.Response:
    async with world.client(who) as client:
        return await client.get(f"{API}/networks/{world.networks['A'].id}/audit", params=params)


async def _entity_ids(world: World, who: str, **params: Any) -> list[str]:
    response = await _trail(world, who, **params)
    assert response.status_code == 200, response.text
    return [event["entity_id"] for event in response.json()["items"]]


async def _reflect(world: World, who: str, visibility: str, body: str) -> str:
    async with world.client(who) as client:
        made = await make_reflection(
            client, world.networks["A"].id, body=body, visibility=visibility, tags=[]
        )
    return str(made["id"])


async def _patch(world: World, who: str, reflection_id: str, **changes: Any) -> None:
    async with world.client(who) as client:
        response = await client.patch(f"{API}/reflections/{reflection_id}", json=changes)
    assert response.status_code == 200, response.text


async def test_a_private_reflection_is_in_no_one_elses_trail(world: World) -> None:
    await _second_coordinator(world)
    secret = await _reflect(world, "coord2", "private", "I doubt the lead partner")
    await _patch(world, "coord2", secret, body="I doubt the lead partner, still")
    shared = await _reflect(world, "coord2", "network", "We learnt a lot")

    for reader in ("coord", "admin"):
        assert secret not in await _entity_ids(world, reader), reader
        assert await _entity_ids(world, reader, entity_id=secret) == [], reader
        assert shared in await _entity_ids(world, reader), reader
        response = await _trail(world, reader, entity="reflection")
        assert "I doubt" not in response.text, reader
    for reader in ("member", "viewer"):
        assert (await _trail(world, reader, entity_id=secret)).status_code == 403

    assert await _entity_ids(world, "coord2", entity_id=secret) == [secret, secret]
    assert "I doubt the lead partner, still" in (await _trail(world, "coord2")).text


async def test_coordinators_see_what_coordinators_may_read(world: World) -> None:
    await _second_coordinator(world)
    for_coordinators = await _reflect(world, "member", "coordinators", "Funding worries")
    private = await _reflect(world, "member", "private", "My own doubts")

    for reader in ("coord", "coord2", "admin"):
        assert await _entity_ids(world, reader, entity_id=for_coordinators) == [for_coordinators]
        assert await _entity_ids(world, reader, entity_id=private) == []
    # The author is a member, who reads no trail at all; nor do the other members and viewers.
    for reader in ("member", "member2", "viewer"):
        assert (await _trail(world, reader, entity_id=for_coordinators)).status_code == 403


async def test_the_current_visibility_decides(world: World) -> None:
    await _second_coordinator(world)
    note = await _reflect(world, "coord2", "private", "A first draft")
    await _patch(world, "coord2", note, visibility="network")
    # Shared now: its history too, drafts included.
    assert await _entity_ids(world, "coord", entity_id=note) == [note, note]

    await _patch(world, "coord2", note, visibility="private")
    assert await _entity_ids(world, "coord", entity_id=note) == []
    assert len(await _entity_ids(world, "coord2", entity_id=note)) == 3


async def test_a_deleted_reflection_keeps_the_rule_it_had_last(world: World) -> None:
    await _second_coordinator(world)
    private = await _reflect(world, "coord2", "private", "Never meant for others")
    shared = await _reflect(world, "coord2", "network", "For everyone")
    async with world.client("coord2") as client:
        for reflection_id in (private, shared):
            response = await client.delete(f"{API}/reflections/{reflection_id}")
            assert response.status_code == 204

    assert await _entity_ids(world, "coord", entity_id=private) == []
    assert "Never meant" not in (await _trail(world, "coord")).text
    assert await _entity_ids(world, "coord", entity_id=shared) == [shared, shared]
    assert await _entity_ids(world, "coord2", entity_id=private) == [private, private]


async def test_hidden_events_do_not_shorten_pages(world: World) -> None:
    await _second_coordinator(world)
    visible = []
    for number in range(3):
        await _reflect(world, "coord2", "private", f"hidden {number}")
        visible.append(await _reflect(world, "coord2", "network", f"shown {number}"))
    await _reflect(world, "coord2", "private", "hidden last")

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"entity": "reflection", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        response = await _trail(world, "coord", **params)
        page = response.json()
        seen += [event["entity_id"] for event in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert len(page["items"]) == 2
    assert seen == list(reversed(visible))


@pytest.mark.usefixtures("offline_resolver")
async def test_no_secret_of_any_audited_entity_reaches_the_trail(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        hook = await client.post(
            f"{API}/networks/{network}/webhooks",
            json={"url": "https://hooks.example.org/in", "event_types": ["activity.created"]},
        )
        assert hook.status_code == 201, hook.text
        rotated = await client.post(f"{API}/webhooks/{hook.json()['id']}/rotate-secret")
        assert rotated.status_code == 200, rotated.text
        key = await client.post(
            f"{API}/networks/{network}/api-keys", json={"name": "x", "scopes": ["read"]}
        )
        assert key.status_code == 201, key.text
    trail = (await _trail(world, "coord", limit=200)).text
    for secret in (hook.json()["secret"], rotated.json()["secret"], key.json()["key"]):
        assert secret not in trail
    events = (await _trail(world, "coord", entity="webhook")).json()["items"]
    assert [e["changes"].get("secret") for e in events] == [{"changed": True}, None]
    for column in ("secret_hash", "password_hash", "token_hash", "csrf_token"):
        assert column not in trail
