"""Single sign-on against a real OpenID Connect provider (oidc-provider, started per worker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import select, update

from services.api.app import create_app
from services.core.audit.models import AuditEvent
from services.core.db.engine import create_sessionmaker
from services.core.settings import Settings
from services.core.sso.models import SsoAttempt
from services.core.users.models import User
from tests.builders import count_rows
from tests.sso.provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    PUBLIC_URL,
    running_provider,
    sign_in_at_provider,
)
from tests.support import API, World


@pytest.fixture(scope="session")
def issuer() -> Iterator[str]:
    with running_provider() as url:
        yield url


@pytest.fixture(scope="session")
def sso_app(issuer: str, database_url: str) -> FastAPI:
    return create_app(
        Settings(
            database_url=database_url,
            public_url=PUBLIC_URL,
            oidc_issuer=issuer,
            oidc_client_id=CLIENT_ID,
            oidc_client_secret=CLIENT_SECRET,
            oidc_allowed_domains=["allowed.test"],
        )
    )


@pytest_asyncio.fixture(loop_scope="session")
async def sso(world: World, sso_app: FastAPI) -> AsyncIterator[FastAPI]:
    yield sso_app
    await sso_app.state.engine.dispose()


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL
    ) as client:
        yield client


async def start(client: httpx.AsyncClient, next_path: str = "/activities") -> str:
    response = await client.get(f"{API}/auth/sso/start", params={"next": next_path})
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"] and query["code_challenge"]
    return location


async def callback(client: httpx.AsyncClient, back: str) -> httpx.Response:
    parts = urlsplit(back)
    return await client.get(f"{parts.path}?{parts.query}")


def error_of(response: httpx.Response) -> str | None:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    if not location.startswith("/login?"):
        return None
    return parse_qs(urlsplit(location).query)["sso_error"][0]


async def sign_in(app: FastAPI, login: str, next_path: str = "/activities") -> httpx.Response:
    async with client_of(app) as client:
        back = await sign_in_at_provider(await start(client, next_path), login)
        return await callback(client, back)


async def test_info_names_the_provider_and_the_start_url(sso: FastAPI, issuer: str) -> None:
    async with client_of(sso) as client:
        body = (await client.get(f"{API}/auth/sso")).json()
    assert body == {"enabled": True, "name": "127.0.0.1", "start_url": f"{API}/auth/sso/start"}


async def test_an_existing_user_signs_in_and_the_cookie_works(sso: FastAPI, world: World) -> None:
    response = await sign_in(sso, "Member@Example.org", "/networks/x?tab=1")
    assert error_of(response) is None
    assert response.headers["location"] == "/networks/x?tab=1"
    cookie = response.cookies.get(sso.state.settings.session_cookie_name)
    assert cookie
    async with client_of(sso) as client:
        client.cookies.set(sso.state.settings.session_cookie_name, cookie)
        me = await client.get(f"{API}/auth/me")
        listed = await client.get(f"{API}/auth/sessions")
    assert me.status_code == 200, me.text
    assert me.json()["user"]["id"] == str(world.people["member"].id)
    # The profile's sessions list says how this one began.
    [current] = [s for s in listed.json()["items"] if s["current"]]
    assert current["method"] == "sso" and current["user_agent"]
    async with create_sessionmaker(world.engine)() as session:
        events = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.sso_sign_in"))
        ).all()
    assert [(e.actor_id, e.changes) for e in events] == [
        (world.people["member"].id, {"created": False})
    ]


async def test_an_unknown_address_is_refused(sso: FastAPI, world: World) -> None:
    assert error_of(await sign_in(sso, "stranger@elsewhere.test")) == "not_allowed"
    assert await count_rows(world, User, email="stranger@elsewhere.test") == 0


async def test_an_allowed_domain_creates_a_password_less_user(sso: FastAPI, world: World) -> None:
    response = await sign_in(sso, "new.person@allowed.test")
    assert error_of(response) is None
    async with create_sessionmaker(world.engine)() as session:
        user = (
            await session.scalars(select(User).where(User.email == "new.person@allowed.test"))
        ).one()
    assert user.name == "Person new.person"
    assert user.password_hash == ""
    # An empty hash never matches a password, not even the timing dummy's.
    async with client_of(sso) as client:
        for password in ("", "drumbeat-timing-equaliser"):
            login = await client.post(
                f"{API}/auth/login", json={"email": user.email, "password": password or "x"}
            )
            assert login.status_code in (401, 422), login.text


async def test_a_pending_invitation_lets_the_invitee_in(sso: FastAPI, world: World) -> None:
    async with world.client("coord") as coord:
        invited = await coord.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": "invited@elsewhere.example.net", "role": "viewer"},
        )
    assert invited.status_code == 201, invited.text
    token = await world.emailed_token("invited@elsewhere.example.net")
    response = await sign_in(sso, "Invited@Elsewhere.example.net", f"/invitations/{token}")
    assert error_of(response) is None
    # Back on the invitation page, signed in, to accept it there.
    assert response.headers["location"] == f"/invitations/{token}"
    assert await count_rows(world, User, email="invited@elsewhere.example.net") == 1


async def test_an_unverified_email_is_refused(sso: FastAPI, world: World) -> None:
    assert error_of(await sign_in(sso, "unverified@allowed.test")) == "unverified_email"
    assert await count_rows(world, User, email="unverified@allowed.test") == 0


async def test_a_deactivated_user_is_refused(sso: FastAPI, world: World) -> None:
    async with create_sessionmaker(world.engine)() as session, session.begin():
        await session.execute(
            update(User).where(User.id == world.people["member"].id).values(is_active=False)
        )
    assert error_of(await sign_in(sso, "member@example.org")) == "inactive"


async def test_a_tampered_or_reused_state_is_refused(sso: FastAPI, world: World) -> None:
    async with client_of(sso) as client:
        back = await sign_in_at_provider(await start(client), "member@example.org")
        tampered = back.replace("state=", "state=x")
        assert error_of(await callback(client, tampered)) == "state"
        assert error_of(await callback(client, back)) is None
        assert error_of(await callback(client, back)) == "state"  # single use


async def test_an_expired_attempt_is_refused(sso: FastAPI, world: World) -> None:
    async with client_of(sso) as client:
        back = await sign_in_at_provider(await start(client), "member@example.org")
        async with create_sessionmaker(world.engine)() as session, session.begin():
            past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            await session.execute(update(SsoAttempt).values(expires_at=past))
        assert error_of(await callback(client, back)) == "state"


async def test_a_wrong_nonce_is_refused(sso: FastAPI, world: World) -> None:
    async with client_of(sso) as client:
        back = await sign_in_at_provider(await start(client), "member@example.org")
        async with create_sessionmaker(world.engine)() as session, session.begin():
            await session.execute(update(SsoAttempt).values(nonce="not-the-nonce-sent"))
        assert error_of(await callback(client, back)) == "token"


async def test_a_provider_error_and_a_bad_code_are_refused(sso: FastAPI, world: World) -> None:
    async with client_of(sso) as client:
        state = parse_qs(urlsplit(await start(client)).query)["state"][0]
        response = await client.get(
            f"{API}/auth/sso/callback", params={"error": "access_denied", "state": state}
        )
        assert error_of(response) == "provider"
        state = parse_qs(urlsplit(await start(client)).query)["state"][0]
        response = await client.get(
            f"{API}/auth/sso/callback", params={"code": "forged", "state": state}
        )
        assert error_of(response) == "token"


@pytest.mark.parametrize(
    ("given", "kept"),
    [("/a/b?c=1", "/a/b?c=1"), ("//evil.test/x", "/"), ("https://evil.test/", "/"), ("x", "/")],
)
async def test_next_must_be_a_same_site_path(
    sso: FastAPI, world: World, given: str, kept: str
) -> None:
    async with client_of(sso) as client:
        await start(client, given)
    async with create_sessionmaker(world.engine)() as session:
        attempt = (await session.scalars(select(SsoAttempt))).one()
    assert attempt.next_path == kept
    assert len(attempt.state_hash) == 64  # a digest, never the state itself


async def test_disabled_sso_says_so_and_has_no_start(world: World, app: FastAPI) -> None:
    async with world.client() as client:
        assert (await client.get(f"{API}/auth/sso")).json() == {
            "enabled": False,
            "name": None,
            "start_url": None,
        }
        response = await client.get(f"{API}/auth/sso/start")
        assert response.status_code == 404
        assert (await client.get(f"{API}/auth/sso/callback")).status_code == 404
