"""PostgreSQL: a pooled connection the server dropped costs no request an error.

The pool does not ping a connection before each checkout (a round trip per transaction);
instead the first statement of a transaction that finds its connection gone reconnects and
runs again. A connection lost later in a transaction still fails that transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.db.engine import create_sessionmaker, unit_of_work
from tests.builders import activity_body
from tests.support import API, World


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")


@pytest_asyncio.fixture(loop_scope="session")
async def admin(database_url: str, postgres_only: None) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own, outside every pool, that kills the others."""
    dsn = make_url(database_url).set(drivername="postgresql")
    conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    yield conn
    await conn.close()


async def kill(admin: asyncpg.Connection, pids: list[int] | None = None) -> list[int]:
    """Terminate these backends (default: every other one on this database); wait until gone."""
    others = (
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    )
    if pids is None:
        pids = [row["pid"] for row in await admin.fetch(others)]
    assert pids, "no pooled connection to kill"
    await admin.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", pids)
    for _ in range(200):
        alive = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1::int[])", pids
        )
        if not alive:
            return pids
        await asyncio.sleep(0.01)
    raise AssertionError(f"backends {pids} still alive")


async def backend_pid(engine: AsyncEngine) -> int:
    async with unit_of_work(create_sessionmaker(engine), write=False) as session:
        pid: int = await session.scalar(text("SELECT pg_backend_pid()"))
        return pid


@pytest.mark.asyncio(loop_scope="session")
async def test_requests_succeed_after_the_server_dropped_their_connections(
    world: World, admin: asyncpg.Connection
) -> None:
    network = world.networks["A"]
    async with world.client("coord") as client:
        assert (await client.get(f"{API}/networks/{network.id}")).status_code == 200
        killed = await kill(admin)

        read = await client.get(f"{API}/networks/{network.id}/activities")
        assert read.status_code == 200, read.text
        await kill(admin)
        created = await client.post(f"{API}/networks/{network.id}/activities", json=activity_body())
        assert created.status_code == 201, created.text
        listed = await client.get(f"{API}/networks/{network.id}/activities")
        assert [a["id"] for a in listed.json()["items"]] == [created.json()["id"]]
    assert await backend_pid(world.app.state.engine) not in killed


@pytest.mark.asyncio(loop_scope="session")
async def test_a_connection_lost_mid_transaction_fails_that_transaction_only(
    clean_engine: AsyncEngine, admin: asyncpg.Connection
) -> None:
    sessions = create_sessionmaker(clean_engine)
    with pytest.raises(DBAPIError) as lost:
        async with unit_of_work(sessions, write=False) as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            await kill(admin, [pid])
            # Not retried: the transaction had done something on the connection it lost.
            await session.execute(text("SELECT 1"))
    assert lost.value.connection_invalidated
    assert await backend_pid(clean_engine) != pid
