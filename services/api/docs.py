"""The interactive API docs (Swagger UI), served from Drumbeat itself.

FastAPI's default page loads Swagger UI from a CDN, which a machine without internet (or a
network that blocks it) cannot reach. The same assets ship in the swagger-ui-py package;
they are served from /api/docs/assets.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/api/docs"
ASSETS = Path(swagger_ui.__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.mount(f"{DOCS_PATH}/assets", StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "",
            title=f"{app.title} docs",
            swagger_js_url=f"{DOCS_PATH}/assets/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_PATH}/assets/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_PATH}/assets/favicon-32x32.png",
        )
