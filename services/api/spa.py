"""Serve the built single-page app from the API's own origin.

Hashed assets are cached for a year; every other GET that is not an API path gets
index.html so that client-side routes survive a reload or a shared link.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

RESERVED_PREFIXES = ("/api/", "/healthz", "/readyz", "/metrics")
IMMUTABLE = "public, max-age=31536000, immutable"


def mount_spa(app: FastAPI, dist: Path) -> bool:
    """Serve ``dist`` at /; returns False (and serves nothing) when it has not been built."""
    index = dist / "index.html"
    if not index.is_file():
        return False
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if request.url.path.startswith(RESERVED_PREFIXES):
            raise StarletteHTTPException(status_code=404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            headers = {"Cache-Control": IMMUTABLE} if path.startswith("assets/") else {}
            return FileResponse(candidate, headers=headers)
        # The shell must never be cached: it names the current hashed assets.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return True
