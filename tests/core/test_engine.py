"""How the application's database connections are set up."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def test_postgresql_connections_do_not_jit_compile(engine: AsyncEngine, backend: str) -> None:
    """JIT compilation cost 180 ms of a 1.6 s insights query on the bench data, and every
    query Drumbeat sends is short: the connections turn it off."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL's setting")
    async with engine.connect() as connection:
        assert (await connection.execute(text("SHOW jit"))).scalar_one() == "off"
