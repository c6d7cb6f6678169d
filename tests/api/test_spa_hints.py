"""The web app's shell tells a signed-in browser which API answer its page will ask for first."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from services.core.settings import Settings
from tests.api.test_compression import _write_dist

NETWORK = uuid.UUID("01a23e98-66fc-76f2-b343-a83e886faf1e")


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def spa(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    from services.api.app import create_app

    dist = tmp_path_factory.mktemp("dist")
    _write_dist(dist)
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
    await app.state.engine.dispose()


@pytest.mark.parametrize("page", ["", "/activities", "/findings/abc", "/settings/members"])
async def test_a_network_page_preloads_its_network(spa: httpx.AsyncClient, page: str) -> None:
    response = await spa.get(
        f"/networks/{NETWORK}{page}", cookies={"drumbeat_session": "anything"}
    )
    assert response.status_code == 200
    assert response.headers["link"] == (
        f"</api/v1/networks/{NETWORK}>; rel=preload; as=fetch; crossorigin"
    )
    assert "Cookie" in response.headers.get_list("vary", split_commas=True)


async def test_no_hint_without_a_session_cookie(spa: httpx.AsyncClient) -> None:
    # Sent to the sign-in page instead: a preload it never uses would warn in its console.
    response = await spa.get(f"/networks/{NETWORK}")
    assert response.status_code == 200
    assert "link" not in response.headers
    assert "Cookie" in response.headers.get_list("vary", split_commas=True)


@pytest.mark.parametrize("path", ["/", "/profile", "/networks/not-a-network", "/login"])
async def test_no_hint_on_other_pages(spa: httpx.AsyncClient, path: str) -> None:
    response = await spa.get(path, cookies={"drumbeat_session": "anything"})
    assert response.status_code == 200
    assert "link" not in response.headers
