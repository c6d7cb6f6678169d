"""How the application's database connections are set up."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.db.engine import create_engine, create_sessionmaker, unit_of_work
from services.core.settings import Settings


async def test_postgresql_connections_do_not_jit_compile(engine: AsyncEngine, backend: str) -> None:
    """JIT compilation cost 180 ms of a 1.6 s insights query on the bench data, and every
    query Drumbeat sends is short: the connections turn it off."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL's setting")
    async with engine.connect() as connection:
        assert (await connection.execute(text("SHOW jit"))).scalar_one() == "off"


async def test_a_write_that_will_not_wait_does_not_change_how_the_next_one_waits(
    settings: Settings, backend: str
) -> None:
    """The busy timeout belongs to a pooled connection: a read request's no-wait bookkeeping
    must not leave the next transaction on that connection failing at once."""
    if backend != "sqlite":
        pytest.skip("SQLite's setting")
    engine = create_engine(settings.model_copy(update={"database_busy_timeout_ms": 1234}))
    sessions = create_sessionmaker(engine)
    try:
        for wait, expected in ((False, 0), (True, 1234), (False, 0), (True, 1234)):
            async with unit_of_work(sessions, wait=wait) as session:
                timeout = (await session.execute(text("PRAGMA busy_timeout"))).scalar_one()
            assert timeout == expected
        async with unit_of_work(sessions, write=False) as session:
            assert (await session.execute(text("PRAGMA busy_timeout"))).scalar_one() == 1234
    finally:
        await engine.dispose()
