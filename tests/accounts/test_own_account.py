"""Password reset limits and expiry; one's own profile, password and sessions."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from tests.builders import ask_for_reset, assert_problem
from tests.support import API, PASSWORD, World

NEW_PASSWORD = "a kettle singing on the stove"


async def test_a_reset_link_expires_after_an_hour(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with world.client() as anonymous:
        await ask_for_reset(anonymous, "viewer@example.org")
    token = await world.emailed_token("viewer@example.org", "password_reset")
    from services.api.routers import account as router

    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
    monkeypatch.setattr(router, "utcnow", lambda: later)
    async with world.client() as anonymous:
        assert_problem(await anonymous.get(f"{API}/auth/password-reset/{token}"), 404)
        late = await anonymous.post(
            f"{API}/auth/password-reset/{token}", json={"password": NEW_PASSWORD}
        )
        assert_problem(late, 404)


async def test_only_the_newest_reset_link_works(world: World) -> None:
    async with world.client() as anonymous:
        await ask_for_reset(anonymous, "viewer@example.org")
        first = await world.emailed_token("viewer@example.org", "password_reset")
        await ask_for_reset(anonymous, "viewer@example.org")
        second = await world.emailed_token("viewer@example.org", "password_reset")
        assert_problem(await anonymous.get(f"{API}/auth/password-reset/{first}"), 404)
        assert (await anonymous.get(f"{API}/auth/password-reset/{second}")).status_code == 200


async def test_parallel_reset_requests_for_one_address_hold_the_limit(world: World) -> None:
    limit = world.app.state.settings.password_resets_per_account_per_hour
    async with world.client() as anonymous:
        answers = await asyncio.gather(
            *(ask_for_reset(anonymous, "ghost@example.org") for _ in range(limit + 5))
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [202] * limit + [429] * 5, statuses
    refused = next(a for a in answers if a.status_code == 429)
    assert int(refused.headers["retry-after"]) > 0


async def test_reset_requests_from_one_client_address_are_limited(world: World) -> None:
    limit = world.app.state.settings.password_resets_per_address_per_hour
    async with world.client() as anonymous:
        answers = [
            await ask_for_reset(anonymous, f"someone{i}@example.org") for i in range(limit + 2)
        ]
    assert [a.status_code for a in answers].count(429) == 2


async def test_people_change_their_own_profile(world: World) -> None:
    async with world.client("member") as member:
        changed = await member.patch(
            f"{API}/auth/me",
            json={"name": "Joseph Mwangi", "language": "fr", "timezone": "Africa/Dakar"},
        )
        assert changed.status_code == 200, changed.text
        user = changed.json()["user"]
        assert (user["name"], user["language"], user["timezone"]) == (
            "Joseph Mwangi",
            "fr",
            "Africa/Dakar",
        )
        for body, pointer in (
            ({"language": "de"}, "/language"),
            ({"timezone": "Mars/Olympus"}, "/timezone"),
            ({"is_admin": True}, "/is_admin"),
        ):
            assert_problem(await member.patch(f"{API}/auth/me", json=body), 422, pointer)


async def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    world: World,
) -> None:
    async with world.client() as elsewhere:
        other = await elsewhere.post(
            f"{API}/auth/login", json={"email": "member@example.org", "password": PASSWORD}
        )
        assert other.status_code == 200
        async with world.client("member") as member:
            for body, pointer in (
                ({"password": NEW_PASSWORD}, "/current_password"),
                ({"password": NEW_PASSWORD, "current_password": "wrong one"}, "/current_password"),
                ({"password": "1234567890", "current_password": PASSWORD}, "/password"),
                ({"password": "short", "current_password": PASSWORD}, "/password"),
            ):
                assert_problem(await member.patch(f"{API}/auth/me", json=body), 422, pointer)
            assert (await elsewhere.get(f"{API}/auth/me")).status_code == 200
            changed = await member.patch(
                f"{API}/auth/me", json={"password": NEW_PASSWORD, "current_password": PASSWORD}
            )
            assert changed.status_code == 200, changed.text
            # This session stays; the other one has ended.
            assert (await member.get(f"{API}/auth/me")).status_code == 200
            assert_problem(await elsewhere.get(f"{API}/auth/me"), 401)
    async with world.client() as fresh:
        login = await fresh.post(
            f"{API}/auth/login", json={"email": "member@example.org", "password": NEW_PASSWORD}
        )
        assert login.status_code == 200


async def _login(client: httpx.AsyncClient, agent: str) -> str:
    answer = await client.post(
        f"{API}/auth/login",
        json={"email": "viewer@example.org", "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["csrf_token"])


async def test_people_see_and_end_their_sessions(world: World) -> None:
    async with world.client() as laptop, world.client() as phone:
        laptop_csrf = await _login(laptop, "Firefox on a laptop")
        await _login(phone, "Chrome on a phone")
        laptop.headers["X-CSRF-Token"] = laptop_csrf
        listed = (await laptop.get(f"{API}/auth/sessions")).json()["items"]
        agents = {s["user_agent"]: s for s in listed}
        assert {"Firefox on a laptop", "Chrome on a phone"} <= set(agents)
        assert agents["Firefox on a laptop"]["current"] is True
        assert agents["Chrome on a phone"]["current"] is False
        assert {s["method"] for s in listed} == {"password"}
        ended = await laptop.delete(f"{API}/auth/sessions/{agents['Chrome on a phone']['id']}")
        assert ended.status_code == 204
        assert_problem(await phone.get(f"{API}/auth/me"), 401)
        # Another person's session is not yours to end, nor to learn about.
        async with world.client("member") as member:
            theirs = await member.delete(
                f"{API}/auth/sessions/{agents['Firefox on a laptop']['id']}"
            )
            assert_problem(theirs, 404)
        assert (await laptop.get(f"{API}/auth/me")).status_code == 200
        # Sign out everywhere else: the fixture's own session of "viewer" ends, this one stays.
        assert (await laptop.delete(f"{API}/auth/sessions")).status_code == 204
        assert (await laptop.get(f"{API}/auth/me")).status_code == 200
        remaining = (await laptop.get(f"{API}/auth/sessions")).json()["items"]
        assert [s["current"] for s in remaining] == [True]
    async with world.client("viewer") as fixture_session:
        assert_problem(await fixture_session.get(f"{API}/auth/me"), 401)
