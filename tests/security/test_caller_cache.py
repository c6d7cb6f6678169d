"""Who a token belongs to is remembered for a few seconds, and revoking it still works at once.

The process that signs a session out, revokes a key or changes a role forgets every caller
it remembers; another process (here: a write the app's engines never see) stops honouring a
revoked credential once the cache's time to live has passed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import create_async_engine

from services.core.apikeys.models import ApiKey
from services.core.common import callercache
from services.core.db.types import utcnow
from tests.builders import activity_body, make_api_key
from tests.support import API, World


def keyed(world: World, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=world.app),
        base_url="http://test",
        headers={"Authorization": f"Bearer {key}"},
    )


async def new_key(world: World) -> dict[str, str]:
    async with world.client("coord") as client:
        return await make_api_key(client, world.networks["A"].id, scopes=["read", "write"])


@pytest.fixture
def statements(world: World) -> Iterator[list[str]]:
    """Every statement the app sends its database meanwhile."""
    sent: list[str] = []
    engine = world.app.state.engine.sync_engine

    def record(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


async def test_a_key_is_looked_up_once_while_remembered(
    world: World, statements: list[str]
) -> None:
    key = (await new_key(world))["key"]
    network = world.networks["A"].id
    async with keyed(world, key) as client:
        for _ in range(3):
            assert (await client.get(f"{API}/networks/{network}/activities")).status_code == 200
    lookups = [s for s in statements if s.lstrip().startswith("SELECT api_keys.")]
    assert len(lookups) == 1


async def test_a_revoked_key_is_refused_right_away(world: World) -> None:
    created = await new_key(world)
    network = world.networks["A"].id
    async with keyed(world, created["key"]) as client:
        assert (await client.get(f"{API}/networks/{network}/activities")).status_code == 200
        async with world.client("coord") as coord:
            assert (await coord.delete(f"{API}/api-keys/{created['id']}")).status_code == 204
        refused = await client.get(f"{API}/networks/{network}/activities")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "The API key was revoked."


async def test_a_signed_out_session_is_refused_right_away(world: World) -> None:
    async with world.client("member") as client:
        assert (await client.get(f"{API}/auth/me")).status_code == 200
        assert (await client.post(f"{API}/auth/logout")).status_code == 204
        # The browser would drop the cookie; a stolen copy of it must not work either.
        client.cookies.set(
            world.app.state.settings.session_cookie_name, world.people["member"].token
        )
        assert (await client.get(f"{API}/auth/me")).status_code == 401


async def test_a_lowered_role_applies_to_the_next_request(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        path = f"{API}/networks/{network}/activities"
        assert (await client.post(path, json=activity_body())).status_code == 201
        await world.set_role("member", "A", "viewer")
        assert (await client.post(path, json=activity_body())).status_code == 403


async def test_another_process_revoking_is_honoured_within_the_time_to_live(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = await new_key(world)
    network = world.networks["A"].id
    ttl = world.app.state.settings.caller_cache_seconds
    assert 0 < ttl <= 10
    async with keyed(world, created["key"]) as client:
        assert (await client.get(f"{API}/networks/{network}/activities")).status_code == 200
        # Another replica revokes it: an engine of its own, which this process does not watch.
        other = create_async_engine(world.app.state.settings.database_url)
        try:
            async with other.begin() as conn:
                revoke = update(ApiKey).where(ApiKey.id == uuid.UUID(created["id"]))
                await conn.execute(revoke.values(revoked_at=utcnow()))
        finally:
            await other.dispose()
        still = await client.get(f"{API}/networks/{network}/activities")
        later = time.monotonic() + ttl
        monkeypatch.setattr(callercache.callers, "clock", lambda: later)
        refused = await client.get(f"{API}/networks/{network}/activities")
    assert still.status_code == 200  # remembered, for at most the time to live
    assert refused.status_code == 401
