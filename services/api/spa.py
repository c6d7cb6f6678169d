"""Serve the built single-page app from the API's own origin.

Hashed assets are cached for a year; every other GET that is not an API path gets
index.html so that client-side routes survive a reload or a shared link. The build writes
brotli and gzip copies next to each text asset (frontend/vite.config.ts); each response sends
the one the client's Accept-Encoding prefers, or the file itself.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.api.content_coding import negotiate

RESERVED_PREFIXES = ("/api/", "/healthz", "/readyz", "/metrics")
IMMUTABLE = "public, max-age=31536000, immutable"
# The shell must never be cached unchecked: it names the current hashed assets.
REVALIDATE = "no-cache"
# In the server's order of preference: brotli is the smaller of the two.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}
# Every page of one network starts by asking for that network (the app's NetworkLayout).
NETWORK_PAGE = re.compile(
    r"networks/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:/|$)"
)


def file_response(path: Path, request: Request, cache_control: str) -> FileResponse:
    """``path``, or its precompressed sibling in the encoding the client prefers."""
    headers = {"Cache-Control": cache_control}
    siblings = {
        coding: path.with_name(path.name + suffix)
        for coding, suffix in PRECOMPRESSED.items()
        if path.with_name(path.name + suffix).is_file()
    }
    if not siblings:
        return FileResponse(path, headers=headers)
    # Caches must keep one copy per encoding, even of the identity answer.
    headers["Vary"] = "Accept-Encoding"
    coding = negotiate(request.headers.get("accept-encoding"), tuple(siblings))
    if coding is None:
        return FileResponse(path, headers=headers)
    headers["Content-Encoding"] = coding
    # The type is the original's: the encoding is not part of it.
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(siblings[coding], headers=headers, media_type=media_type)


def mount_spa(app: FastAPI, dist: Path, session_cookie: str) -> bool:
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
            # Only assets/ names carry a content hash; anything else may change in place.
            cache = IMMUTABLE if path.startswith("assets/") else REVALIDATE
            return file_response(candidate, request, cache)
        response = file_response(index, request, REVALIDATE)
        network_page = NETWORK_PAGE.match(path)
        if network_page:
            # The page's first question, asked while the browser downloads the app's code
            # instead of after it has run: a round trip less on a slow mobile network. Only
            # with a session cookie: a visitor who is not signed in goes to the sign-in page,
            # and a preload never used is a warning in the console. crossorigin: the app's own
            # fetch has that credentials mode, so the browser hands it this answer.
            if session_cookie in request.cookies:
                network = f"/api/v1/networks/{network_page.group(1)}"
                response.headers["Link"] = f"<{network}>; rel=preload; as=fetch; crossorigin"
            # The header depends on the cookie: a cache must not hand it to someone else.
            vary = response.headers.get("Vary")
            response.headers["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        return response

    return True
