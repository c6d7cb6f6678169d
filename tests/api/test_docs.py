"""The interactive API docs work without internet: every asset comes from Drumbeat."""

from __future__ import annotations

import re

from tests.support import World


async def test_the_api_docs_load_only_from_drumbeat(world: World) -> None:
    async with world.client() as client:
        page = await client.get("/api/docs")
        assert page.status_code == 200
        assert "http://" not in page.text and "https://" not in page.text, page.text
        csp = page.headers["content-security-policy"]
        assert "http" not in csp, csp
        assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
        assert {"/api/docs/assets/swagger-ui-bundle.js", "/api/docs/assets/swagger-ui.css"} <= set(
            assets
        )
        for asset in assets:
            served = await client.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 0
        # The document the page starts with is this API's own.
        assert "/api/v1/openapi.json" in page.text
