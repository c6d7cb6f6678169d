"""Compressed answers: the web app's precompressed files, and gzip for large API JSON."""

from __future__ import annotations

import gzip

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.api.content_coding import negotiate
from services.api.middleware import CompressionMiddleware, _compressible
from tests.api.built_spa import ASSET, SCRIPT, SCRIPT_BR, SHELL, SHELL_BR
from tests.builders import activity_body, make_activity, make_organisation
from tests.support import API, World


async def _raw_get(
    client: httpx.AsyncClient, path: str, accept_encoding: str | None
) -> tuple[httpx.Response, bytes]:
    """The answer and its bytes as sent, not decoded."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    request = client.build_request("GET", path, headers=headers)
    if accept_encoding is None:
        del request.headers["Accept-Encoding"]
    response = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response, body


@pytest.mark.parametrize("accept", ["br", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8"])
async def test_brotli_gets_the_br_file(spa: httpx.AsyncClient, accept: str) -> None:
    response, body = await _raw_get(spa, ASSET, accept)
    assert response.status_code == 200
    assert body == SCRIPT_BR
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-length"] == str(len(SCRIPT_BR))
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "etag" in response.headers
    # The app's security headers, as on every answer.
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate", "br;q=0, gzip", "gzip, br;q=0.5"])
async def test_gzip_gets_the_gz_file(spa: httpx.AsyncClient, accept: str) -> None:
    response, body = await _raw_get(spa, ASSET, accept)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT
    assert response.headers["content-length"] == str(len(body))
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize("accept", [None, "", "identity", "deflate", "br;q=0, gzip;q=0", "*;q=0"])
async def test_no_accepted_encoding_gets_the_file_itself(
    spa: httpx.AsyncClient, accept: str | None
) -> None:
    response, body = await _raw_get(spa, ASSET, accept)
    assert response.status_code == 200
    assert body == SCRIPT
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(SCRIPT))
    # Caches still keep the encodings apart.
    assert response.headers["vary"] == "Accept-Encoding"


async def test_encodings_have_their_own_etags(spa: httpx.AsyncClient) -> None:
    tags = {
        (await _raw_get(spa, ASSET, accept))[0].headers["etag"] for accept in ("br", "gzip", None)
    }
    assert len(tags) == 3


async def test_an_asset_without_compressed_copies_is_sent_as_it_is(
    spa: httpx.AsyncClient,
) -> None:
    response, body = await _raw_get(spa, "/assets/tiny-Def456.css", "gzip, br")
    assert body == b"a{}"
    assert "content-encoding" not in response.headers
    assert "vary" not in response.headers


@pytest.mark.parametrize("path", ["/", "/index.html", "/networks/1/activities"])
async def test_the_shell_is_compressed_and_never_cached_unchecked(
    spa: httpx.AsyncClient, path: str
) -> None:
    response, body = await _raw_get(spa, path, "gzip, br")
    assert response.status_code == 200
    assert body == SHELL_BR
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["vary"] == "Accept-Encoding"
    response, body = await _raw_get(spa, path, None)
    assert body == SHELL
    assert response.headers["cache-control"] == "no-cache"


async def test_head_of_an_asset_has_the_get_headers(spa: httpx.AsyncClient) -> None:
    got, _ = await _raw_get(spa, ASSET, "br")
    head = await spa.head(ASSET, headers={"Accept-Encoding": "br"})
    assert head.content == b""
    for name in ("content-encoding", "content-length", "vary", "etag", "cache-control"):
        assert head.headers[name] == got.headers[name], name


async def test_a_large_json_list_is_gzipped(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        for n in range(12):
            await make_organisation(client, network, f"Organisation {n:02}", country="NL")
        url = f"{API}/networks/{network}/organisations"
        response, body = await _raw_get(client, url, "gzip, br")
        plain = await client.get(url, headers={"Accept-Encoding": "identity"})
    assert response.status_code == plain.status_code == 200
    assert len(plain.content) > 1024
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-length"] == str(len(body)) and len(body) < len(plain.content)
    assert gzip.decompress(body) == plain.content
    # The API's own headers are still there.
    assert response.headers["content-security-policy"] == plain.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "x-request-id" in response.headers
    assert "content-encoding" not in plain.headers


async def test_a_small_json_answer_is_not_compressed(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        response, body = await _raw_get(client, f"{API}/networks/{network}/organisations", "gzip")
    assert response.status_code == 200
    assert len(body) < 1024
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(body))


async def test_gzip_refused_with_q0_is_not_sent(world: World) -> None:
    async with world.client() as anonymous:
        response, body = await _raw_get(anonymous, f"{API}/openapi.json", "gzip;q=0, br")
    assert response.status_code == 200 and len(body) > 1024
    assert "content-encoding" not in response.headers


async def test_compressed_answers_keep_their_etag_for_if_match(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        activity = await make_activity(client, network, description="A long report. " * 100)
        response, _ = await _raw_get(client, f"{API}/activities/{activity['id']}", "gzip")
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["etag"] == '"1"'
        patched = await client.patch(
            f"{API}/activities/{activity['id']}",
            json={"title": "Learning visit"},
            headers={"If-Match": response.headers["etag"]},
        )
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'


def _app_answering(media_type: str, headers: dict[str, str] | None = None) -> CompressionMiddleware:
    async def endpoint(request: Request) -> Response:
        return Response(b"data: beat\n\n" * 500, media_type=media_type, headers=headers)

    return CompressionMiddleware(Starlette(routes=[Route("/", endpoint)]))


@pytest.mark.parametrize(
    ("media_type", "headers"),
    [("text/event-stream", None), ("application/json", {"Content-Encoding": "br"})],
)
async def test_event_streams_and_encoded_answers_are_left_alone(
    media_type: str, headers: dict[str, str] | None
) -> None:
    transport = httpx.ASGITransport(app=_app_answering(media_type, headers))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response, body = await _raw_get(client, "/", "gzip")
    assert body == b"data: beat\n\n" * 500
    assert response.headers.get("content-encoding") == (headers or {}).get("Content-Encoding")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, None),
        ("", None),
        ("gzip", "gzip"),
        ("br, gzip", "br"),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("br;q=0, gzip;q=0.1", "gzip"),
        ("BR;Q=0.9", "br"),
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),
        ("*;q=0", None),
        ("br;q=nonsense, gzip", "gzip"),
        ("identity", None),
    ],
)
def test_negotiation_follows_q_values_then_server_preference(
    accept: str | None, expected: str | None
) -> None:
    assert negotiate(accept, ("br", "gzip")) == expected


async def test_writes_and_the_session_are_never_compressed(world: World) -> None:
    # Their answers carry secrets (the CSRF token, a new API key or signing secret): their
    # compressed length must not depend on them (BREACH).
    network = world.networks["A"].id
    async with world.client("member") as client:
        client.headers["Accept-Encoding"] = "gzip"
        written = await client.post(
            f"{API}/networks/{network}/activities", json=activity_body(description="x " * 1500)
        )
        session = await client.get(f"{API}/auth/session")
    assert written.status_code == 201 and len(written.content) > 1024
    assert "content-encoding" not in written.headers
    assert session.status_code == 200 and "content-encoding" not in session.headers


@pytest.mark.parametrize(
    ("method", "path", "compressed"),
    [
        ("GET", "/api/v1/networks/x/activities", True),
        ("HEAD", "/api/v1/networks/x/activities", True),
        ("POST", "/api/v1/networks/x/api-keys", False),
        ("GET", "/api/v1/auth/session", False),
        ("GET", "/api/v1/auth/me", False),
    ],
)
def test_only_reads_outside_the_session_are_compressible(
    method: str, path: str, compressed: bool
) -> None:
    assert _compressible({"type": "http", "method": method, "path": path}) is compressed
