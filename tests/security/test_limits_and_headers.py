"""Abuse limits and hardening: sign-in lockout, key rate limits, headers, no leaks."""

from __future__ import annotations

import logging

import httpx
import pytest

from services.api import deps
from services.api.app import create_app
from services.core.db.types import utcnow
from services.core.settings import Settings
from tests.support import API, PASSWORD, World


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{API}/auth/login", json={"email": email, "password": password})


async def test_repeated_failures_lock_the_account_with_retry_after(world: World) -> None:
    async with world.client() as client:
        for _ in range(5):
            assert (await login(client, "member@example.org", "wrong password")).status_code == 401
        locked = await login(client, "member@example.org", PASSWORD)
        other = await login(client, "coord@example.org", PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.headers["content-type"] == "application/problem+json"
    assert other.status_code == 200, "another account from the same address still signs in"


async def test_a_success_resets_the_account_counter(world: World) -> None:
    async with world.client() as client:
        for _ in range(4):
            await login(client, "member@example.org", "wrong password")
        assert (await login(client, "member@example.org", PASSWORD)).status_code == 200
        for _ in range(4):
            await login(client, "member@example.org", "wrong password")
        assert (await login(client, "member@example.org", PASSWORD)).status_code == 200


async def test_per_address_limit(world: World, settings: Settings) -> None:
    # A window far longer than the test, so the four attempts cannot straddle two windows.
    strict = create_app(
        settings.model_copy(
            update={"login_failures_per_address": 3, "login_window_seconds": 10 * 365 * 86400}
        )
    )
    transport = httpx.ASGITransport(app=strict)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for email in ("a@example.org", "b@example.org", "c@example.org"):
            assert (await login(client, email, "nope")).status_code == 401
        assert (await login(client, "coord@example.org", PASSWORD)).status_code == 429
    await strict.state.engine.dispose()


async def test_api_key_rate_limit_headers_and_429(
    world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with world.client("coord") as client:
        key = (
            await client.post(
                f"{API}/networks/{world.networks['A'].id}/api-keys",
                json={"name": "x", "scopes": ["read"]},
            )
        ).json()["key"]
    strict = create_app(settings.model_copy(update={"api_key_requests_per_minute": 3}))
    # The four requests fall in one minute's window, however slow the machine: the clock the
    # API reads for them stands still in the middle of a minute.
    still = utcnow().replace(second=30, microsecond=0)
    monkeypatch.setattr(deps, "utcnow", lambda: still)
    headers = {"Authorization": f"Bearer {key}"}
    url = f"{API}/networks/{world.networks['A'].id}/organisations"
    transport = httpx.ASGITransport(app=strict)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        responses = [await c.get(url) for _ in range(4)]
    await strict.state.engine.dispose()
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[0].headers["RateLimit-Policy"] == "3;w=60"
    assert responses[0].headers["RateLimit"].startswith("limit=3, remaining=2, reset=")
    assert int(responses[3].headers["Retry-After"]) > 0


async def test_security_headers_and_no_store_on_authenticated_responses(world: World) -> None:
    async with world.client("viewer") as client:
        authed = await client.get(f"{API}/networks")
    async with world.client() as client:
        public = await client.get("/healthz")
    for response in (authed, public):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert authed.headers["Cache-Control"] == "no-store"


async def test_cors_allows_only_configured_origins(world: World, settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": ["https://app.example.org"]}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        allowed = await client.options(
            f"{API}/networks",
            headers={"Origin": "https://app.example.org", "Access-Control-Request-Method": "GET"},
        )
        refused = await client.options(
            f"{API}/networks",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
    await app.state.engine.dispose()
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "access-control-allow-origin" not in refused.headers


async def test_errors_carry_no_stack_trace_or_sql(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.core.activities import service

    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("SELECT secret FROM users -- boom")

    monkeypatch.setattr(service, "list_activities", explode)
    transport = httpx.ASGITransport(app=world.app, raise_app_exceptions=False)
    person = world.people["viewer"]
    cookies = {world.app.state.settings.session_cookie_name: person.token}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", cookies=cookies) as c:
        response = await c.get(f"{API}/networks/{world.networks['A'].id}/activities")
    assert response.status_code == 500
    assert "SELECT" not in response.text and "Traceback" not in response.text
    assert (
        response.json()["detail"] == "Something went wrong on our side; the error has been logged."
    )


async def test_authentication_is_logged_without_secrets(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="drumbeat.auth")
    async with world.client() as client:
        await login(client, "coord@example.org", "wrong password")
        ok = await login(client, "coord@example.org", PASSWORD)
    text = caplog.text
    assert "sign-in failed" in text and "sign-in succeeded" in text
    assert PASSWORD not in text and "wrong password" not in text
    assert (ok.cookies.get("drumbeat_session") or "") not in text or not ok.cookies
    token = ok.json()["csrf_token"]
    assert token not in text
