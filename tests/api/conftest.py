"""An app serving a built web app (tests/api/built_spa.py), for the tests of what it serves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from services.core.settings import Settings
from tests.api.built_spa import write_dist


# One app for the module: building one costs more than the requests of a test.
@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def spa(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    from services.api.app import create_app

    dist = tmp_path_factory.mktemp("dist")
    write_dist(dist)
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
    await app.state.engine.dispose()
