"""The access log names the page a person opened, never the secret in its link."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from services.api.middleware import RequestContextMiddleware
from services.api.spa import mount_spa

TOKEN = "Yk3v9Qm2-xR7_tLpW4nZ8aB1cD5eF6gH0iJ2kL3mN4o"  # 43 characters, as the app makes them
NETWORK = "01a23cd0-937c-74b1-8191-09cbac6e8175"


@pytest.fixture
def web_app(tmp_path: Path) -> FastAPI:
    (tmp_path / "index.html").write_text("<!doctype html><title>Drumbeat</title>")
    app = FastAPI()
    assert mount_spa(app, tmp_path, "drumbeat_session")
    app.add_middleware(RequestContextMiddleware)
    return app


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/networks/{NETWORK}/findings", f"GET /networks/{NETWORK}/findings 200"),
        (f"/invitations/{TOKEN}", "GET /invitations/{token} 200"),
        (f"/reset-password/{TOKEN}", "GET /reset-password/{token} 200"),
        ("/login", "GET /login 200"),
    ],
)
async def test_web_app_pages_are_logged_by_their_path_with_tokens_masked(
    web_app: FastAPI, caplog: pytest.LogCaptureFixture, path: str, logged: str
) -> None:
    caplog.set_level(logging.INFO, logger="drumbeat.access")
    transport = httpx.ASGITransport(app=web_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://drumbeat.test") as client:
        response = await client.get(path)
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "drumbeat.access"]
    assert record.getMessage() == logged
