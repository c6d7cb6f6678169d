"""Changing users: what a new password or deactivation ends, and the last site admin."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from services.core.users.models import User
from tests.builders import assert_problem, count_rows, make_calendar_feed
from tests.support import API, PASSWORD, World


@asynccontextmanager
async def signed_in(world: World, email: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client holding a session of its own, made by signing in."""
    transport = httpx.ASGITransport(app=world.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post(
            f"{API}/auth/login", json={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


async def feed_path(world: World, client: httpx.AsyncClient, network_id: uuid.UUID) -> str:
    url = await make_calendar_feed(client, network_id)
    return url.removeprefix(world.app.state.settings.public_url)


async def patch_user(
    world: World, who: str, target: str, body: dict[str, object]
) -> httpx.Response:
    async with world.client(who) as client:
        return await client.patch(f"{API}/users/{world.people[target].id}", json=body)


async def test_a_new_password_ends_the_users_sessions_and_feed_urls(world: World) -> None:
    network = world.networks["A"].id
    async with signed_in(world, "member@example.org") as member:
        feed = await feed_path(world, member, network)
        async with world.client() as anonymous:
            assert (await anonymous.get(feed)).status_code == 200
        changed = await patch_user(world, "admin", "member", {"password": "a brand new one"})
        assert changed.status_code == 200, changed.text
        assert_problem(await member.get(f"{API}/auth/me"), 401)
    async with world.client("member") as older:  # the session made before this test, too
        assert_problem(await older.get(f"{API}/auth/me"), 401)
    async with world.client() as anonymous:
        assert (await anonymous.get(feed)).status_code == 404
    # Others stay signed in.
    async with world.client("coord") as coord:
        assert (await coord.get(f"{API}/auth/me")).status_code == 200


async def test_reactivating_a_user_does_not_bring_back_their_sessions_or_feed_urls(
    world: World,
) -> None:
    network = world.networks["A"].id
    async with signed_in(world, "member@example.org") as member:
        feed = await feed_path(world, member, network)
        off = await patch_user(world, "admin", "member", {"is_active": False})
        assert off.status_code == 200, off.text
        on = await patch_user(world, "admin", "member", {"is_active": True})
        assert on.status_code == 200, on.text
        assert_problem(await member.get(f"{API}/auth/me"), 401)
    async with world.client("member") as older:
        assert_problem(await older.get(f"{API}/auth/me"), 401)
    async with world.client() as anonymous:
        assert (await anonymous.get(feed)).status_code == 404
    # Signing in again works, and makes a session that does.
    async with signed_in(world, "member@example.org") as again:
        assert (await again.get(f"{API}/auth/me")).status_code == 200


async def test_a_name_change_keeps_the_sessions(world: World) -> None:
    renamed = await patch_user(world, "admin", "member", {"name": "Renamed"})
    assert renamed.status_code == 200, renamed.text
    async with world.client("member") as member:
        assert (await member.get(f"{API}/auth/me")).status_code == 200


async def test_the_last_site_admin_keeps_the_admin_and_active_flags(world: World) -> None:
    demoted = await patch_user(world, "admin", "admin", {"is_admin": False})
    body = assert_problem(demoted, 409)
    assert "last active site admin" in body["detail"]
    assert_problem(await patch_user(world, "admin", "admin", {"is_active": False}), 409)
    assert await count_rows(world, User, is_admin=True, is_active=True) == 1
    async with world.client("admin") as admin:
        assert (await admin.get(f"{API}/auth/me")).json()["user"]["is_admin"] is True

    # With a second admin, either may step down; an inactive admin does not count.
    await world.add_user("admin2", admin=True)
    assert (await patch_user(world, "admin", "admin2", {"is_active": False})).status_code == 200
    assert_problem(await patch_user(world, "admin", "admin", {"is_admin": False}), 409)
    assert (await patch_user(world, "admin", "admin2", {"is_active": True})).status_code == 200
    stepped = await patch_user(world, "admin", "admin", {"is_admin": False})
    assert stepped.status_code == 200, stepped.text
    assert await count_rows(world, User, is_admin=True, is_active=True) == 1


async def test_two_admins_demoting_each_other_at_once_leave_one(world: World) -> None:
    await world.add_user("admin2", admin=True)
    for flag in ("is_admin", "is_active"):
        responses = await asyncio.gather(
            patch_user(world, "admin", "admin2", {flag: False}),
            patch_user(world, "admin2", "admin", {flag: False}),
        )
        codes = sorted(response.status_code for response in responses)
        # The one that comes second is refused: as the last admin's change (409), or, if its
        # caller had already lost the flag (or the session) when it was authenticated, as a
        # non-admin's (403) or a signed-out caller's (401).
        assert codes[0] == 200 and codes[1] in (401, 403, 409), [r.text for r in responses]
        assert await count_rows(world, User, is_admin=True, is_active=True) == 1
        if flag == "is_admin":
            survivor, other = (
                ("admin", "admin2") if responses[0].is_success else ("admin2", "admin")
            )
            restored = await patch_user(world, survivor, other, {"is_admin": True})
            assert restored.status_code == 200, restored.text
