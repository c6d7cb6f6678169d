"""Sign-in under parallel load: the lockout limits hold, and hashing leaves the server free.

Every request here really runs at once (asyncio.gather over the ASGI app), as a guessing
script would send them.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

from services.api.app import create_app
from services.core.common import security
from services.core.settings import Settings
from tests.support import API, PASSWORD, World

# Only a safety net: the gated hasher gives up after this long, so a server that runs the
# hash on its event loop fails the test instead of hanging it.
GATE_TIMEOUT = 5.0


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{API}/auth/login", json={"email": email, "password": password})


@asynccontextmanager
async def client_of(settings: Settings, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app of its own, with these settings changed.

    Its sign-in window is ten years long, so no test's attempts straddle two windows."""
    app = create_app(
        settings.model_copy(update={"login_window_seconds": 10 * 365 * 86400, **overrides})
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    finally:
        await app.state.engine.dispose()


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


async def test_parallel_wrong_passwords_for_one_account_get_only_the_limit_checked(
    world: World,
) -> None:
    async with world.client() as client:
        responses = await asyncio.gather(
            *(login(client, "member@example.org", "wrong password") for _ in range(40))
        )
        assert statuses(responses) == {401: 5, 429: 35}
        # Locked, even with the right password.
        assert (await login(client, "member@example.org", PASSWORD)).status_code == 429


async def test_parallel_sign_ins_from_one_address_get_only_its_limit_checked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unknown accounts are checked against this hash: a cheap one keeps 30 checks quick.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_DUMMY_HASH", cheap.hash("cheap"))
    async with world.client() as client:
        responses = await asyncio.gather(
            *(login(client, f"guess{i}@example.org", "wrong password") for i in range(120))
        )
        assert statuses(responses) == {401: 30, 429: 90}
        assert (await login(client, "coord@example.org", PASSWORD)).status_code == 429


async def test_only_failures_use_up_the_address_allowance(world: World, settings: Settings) -> None:
    async with client_of(
        settings, login_failures_per_address=3, login_failures_per_account=2
    ) as client:
        # An office behind one address signs in more often than the limit on failures.
        for _ in range(5):
            assert (await login(client, "coord@example.org", PASSWORD)).status_code == 200
        for _ in range(2):
            assert (await login(client, "member@example.org", "wrong")).status_code == 401
        # Knocking on a locked account checks nothing, so it costs the address nothing.
        for _ in range(5):
            assert (await login(client, "member@example.org", PASSWORD)).status_code == 429
        assert (await login(client, "viewer@example.org", "wrong")).status_code == 401
        assert (await login(client, "coord@example.org", PASSWORD)).status_code == 429


class GatedHasher:
    """Stands in for argon2: every verification waits until the test opens the gate for it,
    and the hasher counts how many run at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entered = threading.Semaphore(0)
        self._gate = threading.Semaphore(0)
        self.running = 0
        self.most = 0

    def verify(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self._entered.release()
        try:
            self._gate.acquire(timeout=GATE_TIMEOUT)
        finally:
            with self._lock:
                self.running -= 1
        raise VerifyMismatchError

    async def wait_until_entered(self, count: int) -> None:
        for _ in range(count):
            assert await asyncio.to_thread(self._entered.acquire, timeout=GATE_TIMEOUT)

    def open(self, count: int) -> None:
        for _ in range(count):
            self._gate.release()


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> GatedHasher:
    """The app's password hasher, replaced by a gated one for the test."""
    gated = GatedHasher()
    monkeypatch.setattr(security, "_hasher", gated)
    return gated


def signing_in(client: httpx.AsyncClient, emails: list[str]) -> list[asyncio.Task[httpx.Response]]:
    """Sign-ins with a wrong password, one for each address, all under way at once."""
    return [asyncio.create_task(login(client, email, "wrong")) for email in emails]


async def test_the_server_answers_while_passwords_are_being_checked(
    world: World, settings: Settings, hasher: GatedHasher
) -> None:
    async with client_of(settings, password_hash_concurrency=3) as client:
        attempts = signing_in(
            client, [f"{name}@example.org" for name in ("member", "viewer", "coord")]
        )
        await hasher.wait_until_entered(3)
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert not any(task.done() for task in attempts), "sign-ins finished first"
        assert hasher.running == 3
        hasher.open(3)
        assert statuses(list(await asyncio.gather(*attempts))) == {401: 3}


async def test_no_more_hashes_run_at_once_than_the_bound(
    world: World, settings: Settings, hasher: GatedHasher
) -> None:
    async with client_of(settings, password_hash_concurrency=2) as client:
        attempts = signing_in(client, [f"burst{i}@example.org" for i in range(6)])
        await hasher.wait_until_entered(2)
        # One finishes, one more starts; the rest keep waiting for a slot.
        for _ in range(4):
            hasher.open(1)
            await hasher.wait_until_entered(1)
        hasher.open(2)
        assert statuses(list(await asyncio.gather(*attempts))) == {401: 6}
    assert hasher.most == 2
