"""Signing in and out, CSRF, 401/403, and the create-user command."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest

from services import cli
from services.core.activities.models import Activity
from services.core.organisations.models import Organisation
from services.core.settings import get_settings
from services.core.users.models import User, UserSession
from tests.builders import activity_body, assert_problem, count_rows, make_activity
from tests.support import API, PASSWORD, World


async def login(world: World, email: str, password: str = PASSWORD) -> httpx.Response:
    async with world.client() as client:
        return await client.post(f"{API}/auth/login", json={"email": email, "password": password})


def cookie_of(world: World, response: httpx.Response) -> str:
    name = world.app.state.settings.session_cookie_name
    value = response.cookies.get(name)
    assert value, response.headers
    return str(value)


@asynccontextmanager
async def browser(
    world: World, token: str, csrf: str | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sends this session cookie (and CSRF token), as a signed-in browser does."""
    cookies = {world.app.state.settings.session_cookie_name: token}
    headers = {"X-CSRF-Token": csrf} if csrf is not None else {}
    transport = httpx.ASGITransport(app=world.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies=cookies, headers=headers
    ) as client:
        yield client


async def test_login_sets_an_httponly_samesite_cookie_and_returns_user_and_csrf(
    world: World,
) -> None:
    response = await login(world, "Member@Example.ORG")  # emails match in any case
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["email"] == "member@example.org"
    assert body["user"]["id"] == str(world.people["member"].id)
    assert "password_hash" not in body["user"]
    assert body["csrf_token"]
    assert {"network_id": str(world.networks["A"].id), "role": "member"} in body["memberships"]

    set_cookie = response.headers["set-cookie"].lower()
    assert set_cookie.startswith(world.app.state.settings.session_cookie_name + "=")
    assert "httponly" in set_cookie
    assert "samesite=lax" in set_cookie
    assert "path=/" in set_cookie

    # The cookie and the token work together for an unsafe request.
    async with browser(world, cookie_of(world, response), body["csrf_token"]) as client:
        me = await client.get(f"{API}/auth/me")
        assert me.status_code == 200
        assert me.json()["csrf_token"] == body["csrf_token"]
        created = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations", json={"name": "Wemos"}
        )
        assert created.status_code == 201, created.text


async def test_wrong_password_and_unknown_email_get_the_same_401(world: World) -> None:
    wrong = await login(world, "member@example.org", "not the password")
    unknown = await login(world, "nobody@example.org", PASSWORD)
    assert_problem(wrong, 401)
    assert_problem(unknown, 401)
    assert wrong.json() == unknown.json()
    assert "set-cookie" not in wrong.headers
    assert "set-cookie" not in unknown.headers
    assert await count_rows(world, UserSession) == len(world.people)  # no session was made


async def test_deactivated_user_cannot_sign_in(world: World) -> None:
    async with world.client("admin") as admin:
        response = await admin.patch(
            f"{API}/users/{world.people['member'].id}", json={"is_active": False}
        )
        assert response.status_code == 200, response.text
    refused = await login(world, "member@example.org")
    assert_problem(refused, 401)
    assert refused.json()["detail"] == "The email or password is not correct."
    # Nor does an existing session keep working.
    async with world.client("member") as member:
        assert_problem(await member.get(f"{API}/auth/me"), 401)


async def test_login_body_is_validated(world: World) -> None:
    async with world.client() as client:
        response = await client.post(
            f"{API}/auth/login", json={"email": "not-an-email", "password": ""}
        )
    assert_problem(response, 422, "/email", "/password")


async def test_me_returns_the_user_roles_and_csrf_token(world: World) -> None:
    async with world.client("coord") as client:
        response = await client.get(f"{API}/auth/me")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["email"] == "coord@example.org"
    assert body["csrf_token"] == world.people["coord"].csrf
    assert body["memberships"] == [
        {"network_id": str(world.networks["A"].id), "role": "coordinator"}
    ]


async def test_logout_ends_the_session(world: World) -> None:
    signed_in = await login(world, "member@example.org")
    token, csrf = cookie_of(world, signed_in), signed_in.json()["csrf_token"]
    name = world.app.state.settings.session_cookie_name
    async with browser(world, token, csrf) as client:
        assert (await client.get(f"{API}/auth/me")).status_code == 200
        out = await client.post(f"{API}/auth/logout")
        assert out.status_code == 204
        cleared = out.headers["set-cookie"].lower()
        assert cleared.startswith(f"{name}=") and ("max-age=0" in cleared or "expires=" in cleared)
    # The old cookie, replayed, no longer signs anyone in.
    async with browser(world, token, csrf) as replay:
        assert_problem(await replay.get(f"{API}/auth/me"), 401)
        assert_problem(
            await replay.post(
                f"{API}/networks/{world.networks['A'].id}/organisations", json={"name": "X"}
            ),
            401,
        )
    assert await count_rows(world, Organisation) == 0


async def test_logout_needs_the_csrf_token(world: World) -> None:
    async with world.client("member", csrf=False) as client:
        assert_problem(await client.post(f"{API}/auth/logout"), 403)
    async with world.client("member") as client:
        assert (await client.get(f"{API}/auth/me")).status_code == 200


@pytest.mark.parametrize("header", [None, "wrong-token"], ids=["missing", "wrong"])
async def test_unsafe_requests_need_the_right_csrf_token(world: World, header: str | None) -> None:
    network = world.networks["A"]
    async with world.client("member") as good:
        activity = await make_activity(good, network.id, title="Before")
    async with world.client("member", csrf=False) as client:
        if header is not None:
            client.headers["X-CSRF-Token"] = header
        # GET needs no token.
        got = await client.get(f"{API}/activities/{activity['id']}")
        assert got.status_code == 200
        listed = await client.get(f"{API}/networks/{network.id}/activities")
        assert listed.status_code == 200

        assert_problem(
            await client.post(f"{API}/networks/{network.id}/activities", json=activity_body()),
            403,
        )
        assert_problem(
            await client.patch(f"{API}/activities/{activity['id']}", json={"title": "After"}), 403
        )
        assert_problem(await client.delete(f"{API}/activities/{activity['id']}"), 403)
    async with world.client("member") as good:
        still = await good.get(f"{API}/activities/{activity['id']}")
    assert still.status_code == 200
    assert still.json()["title"] == "Before"
    assert still.headers["etag"] == '"1"'
    assert await count_rows(world, Activity) == 1


async def test_another_users_csrf_token_is_refused(world: World) -> None:
    async with world.client("member", csrf=False) as client:
        client.headers["X-CSRF-Token"] = world.people["coord"].csrf
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations", json={"name": "X"}
        )
    assert_problem(response, 403)
    assert await count_rows(world, Organisation) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/auth/me"),
        ("GET", "/networks"),
        ("GET", "/networks/{network}"),
        ("GET", "/networks/{network}/activities"),
        ("POST", "/networks/{network}/organisations"),
        ("POST", "/auth/logout"),
        ("GET", "/users"),
    ],
)
async def test_no_credentials_is_401(world: World, method: str, path: str) -> None:
    url = API + path.format(network=world.networks["A"].id)
    async with world.client() as client:
        response = await client.request(
            method, url, json={"name": "X"} if method == "POST" else None
        )
    assert_problem(response, 401)


async def test_an_unknown_session_cookie_is_401(world: World) -> None:
    async with browser(world, "forged") as client:
        assert_problem(await client.get(f"{API}/auth/me"), 401)


async def test_admin_only_routes_refuse_a_coordinator(world: World) -> None:
    async with world.client("coord") as client:
        network = await client.post(
            f"{API}/networks", json={"name": "Coord's own", "slug": "coords-own"}
        )
        assert_problem(network, 403)
        user = await client.post(
            f"{API}/users", json={"email": "new@example.org", "password": "long enough pw"}
        )
        assert_problem(user, 403)
        assert_problem(await client.get(f"{API}/users"), 403)
        assert_problem(
            await client.patch(f"{API}/users/{world.people['member'].id}", json={"is_admin": True}),
            403,
        )
        assert_problem(await client.delete(f"{API}/networks/{world.networks['A'].id}"), 403)
    assert await count_rows(world, User, email="new@example.org") == 0
    assert await count_rows(world, User, is_admin=True) == 1


async def test_admin_creates_a_user_who_can_sign_in(world: World) -> None:
    async with world.client("admin") as client:
        response = await client.post(
            f"{API}/users",
            json={"email": "New@Example.org", "password": "long enough pw", "name": "New"},
        )
        assert response.status_code == 201, response.text
        assert response.json()["email"] == "new@example.org"
        duplicate = await client.post(
            f"{API}/users", json={"email": "new@example.org", "password": "another one"}
        )
        assert_problem(duplicate, 409)
        short = await client.post(
            f"{API}/users", json={"email": "short@example.org", "password": "short"}
        )
        assert_problem(short, 422, "/password")
    assert (await login(world, "new@example.org", "long enough pw")).status_code == 200


# --- drumbeat create-user -----------------------------------------------------------------


@pytest.fixture
def cli_database(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("DRUMBEAT_DATABASE_URL", database_url)
    get_settings.cache_clear()
    # The command configures logging as it does from a shell: to this test's captured
    # stderr, which closes with the test. Later records (from any thread) must not go there.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield database_url
    root.handlers[:], root.level = handlers, level
    get_settings.cache_clear()


async def run_cli(*argv: str) -> int:
    # The command runs its own event loop, as it does from a shell.
    return await asyncio.to_thread(cli.main, list(argv))


async def test_create_user_command_makes_a_user_who_can_sign_in(
    world: World, cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run_cli(
        "create-user", "--email", "cli@example.org", "--password", "cli password 1", "--admin"
    )
    assert code == 0
    assert "cli@example.org" in capsys.readouterr().out
    response = await login(world, "cli@example.org", "cli password 1")
    assert response.status_code == 200, response.text
    assert response.json()["user"]["is_admin"] is True

    again = await run_cli("create-user", "--email", "CLI@example.org", "--password", "other pw 22")
    assert again != 0
    assert "already exists" in capsys.readouterr().err
    assert await count_rows(world, User, email="cli@example.org") == 1
    # The first password still works: the duplicate changed nothing.
    assert (await login(world, "cli@example.org", "other pw 22")).status_code == 401


async def test_create_user_command_refuses_invalid_input(
    world: World, cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run_cli("create-user", "--email", "not-an-email", "--password", "x")
    assert code == 2
    err = capsys.readouterr().err
    assert "email" in err and "password" in err
    assert await count_rows(world, User) == len(world.people)
