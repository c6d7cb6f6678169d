"""The web app's shell tells a signed-in browser which API answer its page will ask for first."""

from __future__ import annotations

import uuid

import httpx
import pytest

NETWORK = uuid.UUID("01a23e98-66fc-76f2-b343-a83e886faf1e")


@pytest.mark.parametrize("page", ["", "/activities", "/findings/abc", "/settings/members"])
async def test_a_network_page_preloads_its_network(spa: httpx.AsyncClient, page: str) -> None:
    response = await spa.get(f"/networks/{NETWORK}{page}", cookies={"drumbeat_session": "anything"})
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
