"""While another writer holds SQLite's write lock, writes answer 503 and reads still answer.

The lock is held from outside the app, by a plain sqlite3 connection to the same file, as a
long import (or any other process) would hold it. The app waits only briefly for the lock.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.db.engine import create_sessionmaker
from services.core.ratelimit.models import RateCounter
from services.core.settings import Settings
from tests.builders import make_api_key
from tests.support import API, World, write_lock_held


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    # A short wait for the lock, so the test need not wait the production default.
    return create_app(settings.model_copy(update={"database_busy_timeout_ms": 100}))


async def _key(world: World) -> str:
    async with world.client("coord") as client:
        made = await make_api_key(
            client, world.networks["A"].id, name="partner", scopes=["read", "write"]
        )
    return str(made["key"])


async def _key_hits_written(world: World) -> int:
    async with create_sessionmaker(world.engine)() as session:
        stmt = select(func.sum(RateCounter.count)).where(RateCounter.scope.like("api-key:%"))
        return int(await session.scalar(stmt) or 0)


@pytest.mark.usefixtures("sqlite_only")
async def test_writes_get_503_with_retry_after_and_reads_still_answer(
    world: World, database_url: str
) -> None:
    organisations = f"{API}/networks/{world.networks['A'].id}/organisations"
    key = await _key(world)
    bearer = {"Authorization": f"Bearer {key}"}

    with write_lock_held(database_url):
        async with world.client("member") as client:
            refused = await client.post(organisations, json={"name": "Wemos"})
            read = await client.get(organisations)
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert int(refused.headers["retry-after"]) > 0
        assert refused.json()["status"] == 503
        assert read.status_code == 200, read.text

        transport = httpx.ASGITransport(app=world.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as partner:
            # The key's first use is due to write its count and last_used_at: a read skips both
            # rather than queue for the lock.
            first = await partner.get(organisations, headers=bearer)
            again = await partner.get(organisations, headers=bearer)
            write = await partner.post(organisations, headers=bearer, json={"name": "Wemos"})
        assert first.status_code == 200, first.text
        assert again.status_code == 200, again.text
        assert write.status_code == 503, write.text
        assert "retry-after" in write.headers

    async with world.client("member") as client:
        assert (await client.post(organisations, json={"name": "Wemos"})).status_code == 201
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as partner:
        assert (await partner.get(organisations, headers=bearer)).status_code == 200
    # The hits counted while the lock was held were kept and written with the next one.
    assert await _key_hits_written(world) == 4
