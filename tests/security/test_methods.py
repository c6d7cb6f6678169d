"""Every GET route, from the app's own route table: HEAD mirrors it, and its query
parameters fail like every other route's."""

from __future__ import annotations

from typing import Any

import httpx

from tests.security import fixtures
from tests.security.estate import Estate, api_routes, build_estate
from tests.security.test_route_matrix import QUERIES, RULES
from tests.support import API, World

app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

# Headers that differ between any two responses, whatever the method.
PER_RESPONSE = {"date", "x-request-id", "ratelimit", "ratelimit-policy"}
OPERATIONS = ["/healthz", "/readyz", "/metrics", f"{API}/openapi.json", "/api/docs"]


def _get_urls(estate: Estate) -> list[tuple[str, str, dict[str, str]]]:
    """(who may call it, url, query) for every GET, with network A's ids."""
    urls: list[tuple[str, str, dict[str, str]]] = [("coord", path, {}) for path in OPERATIONS]
    for method, path in api_routes(estate.world.app):
        if method == "GET":
            who = "admin" if RULES[(method, path)].least == "admin" else "coord"
            query = QUERIES.get((method, path), {})
            urls.append((who, API + path.format(**estate.ids["A"]), query))
    return urls


def _comparable(response: httpx.Response) -> dict[str, str]:
    # A compressed answer's length depends on its exact bytes, not only on their number: an
    # answer stamped with the time (insights' computed_at) compresses one byte longer or
    # shorter from one request to the next. Its encoding and Vary must still match.
    varying = {"content-length"} if "content-encoding" in response.headers else set()
    return {k: v for k, v in response.headers.items() if k not in PER_RESPONSE | varying}


async def test_head_answers_like_get_without_a_body(world: World) -> None:
    estate = await build_estate(world)
    mismatches: list[str] = []
    for who, url, query in _get_urls(estate):
        async with world.client(who) as client:
            got = await client.get(url, params=query)
            head = await client.head(url, params=query)
        # The SSO start and callback answer a redirect (here to the sign-in page, the
        # fixtures' provider being unreachable); every other GET a 200.
        assert got.status_code == (302 if "/auth/sso/" in url else 200), (url, got.text)
        if head.status_code != got.status_code or head.content != b"":
            mismatches.append(f"HEAD {url}: {head.status_code} {head.content[:80]!r}")
        elif "/metrics" not in url and _comparable(head) != _comparable(got):
            # The metrics' size changes with every request, so its Content-Length does too.
            mismatches.append(f"HEAD {url}: headers {_comparable(head)} != {_comparable(got)}")
    assert not mismatches, "\n".join(mismatches)


async def test_a_head_that_fails_fails_like_the_get(world: World) -> None:
    async with world.client() as anonymous:
        url = f"{API}/networks/{world.networks['A'].id}/activities"
        got, head = await anonymous.get(url), await anonymous.head(url)
    assert (head.status_code, head.content) == (got.status_code, b"") == (401, b"")
    assert head.headers["content-type"] == "application/problem+json"


def _list_operations(document: dict[str, Any]) -> list[str]:
    return [
        path
        for path, item in document["paths"].items()
        if "get" in item
        and any(
            p["name"] == "limit" and p["in"] == "query" for p in item["get"].get("parameters", [])
        )
    ]


async def test_every_list_names_the_bad_query_parameter(world: World) -> None:
    estate = await build_estate(world)
    async with world.client("coord") as client:
        document = (await client.get(f"{API}/openapi.json")).json()
        lists = _list_operations(document)
        assert len(lists) > 10, lists
        wrong: list[str] = []
        for path in lists:
            query = {**QUERIES.get(("GET", path.removeprefix(API)), {}), "limit": "0"}
            response = await client.get(path.format(**estate.ids["A"]), params=query)
            errors = response.json().get("errors") or [{}]
            if response.status_code != 422 or errors[0].get("parameter") != "limit":
                wrong.append(f"{path}: {response.status_code} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)


async def test_a_query_window_out_of_order_names_the_parameter(world: World) -> None:
    estate = await build_estate(world)
    backwards = {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}
    too_long = {"from": "2000-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}
    occurrences = f"{API}/series/{estate.a('series_id')}/occurrences"
    insights = f"{API}/networks/{estate.a('network_id')}/insights"
    async with world.client("coord") as client:
        for url, query, detail, code in (
            (occurrences, backwards, "to must not be before from", "ends_before_start"),
            (occurrences, too_long, "the window may span at most 10 years", "window_too_long"),
            (insights, backwards, "to must be after from", "ends_before_start"),
        ):
            response = await client.get(url, params=query)
            assert response.status_code == 422, response.text
            expected = [{"parameter": "to", "detail": detail, "code": code}]
            assert response.json()["errors"] == expected, url


# --- What the OpenAPI document says about these headers -----------------------------------


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][path][method.lower()]
    return operation


def _headers(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}


def test_every_post_that_honours_idempotency_key_declares_it(app: Any) -> None:
    from fastapi import routing

    from services.api.idempotency import IdempotentRoute

    document = app.openapi()
    honoured: set[str] = set()
    for context in routing.iter_route_contexts(app.routes):
        route = getattr(context, "original_route", context)
        if not isinstance(route, IdempotentRoute) or "POST" not in (context.methods or ()):
            continue
        path = context.path
        assert path is not None
        declared = _headers(_operation(document, "POST", path)).get("Idempotency-Key")
        if route.honours_idempotency_key:
            honoured.add(path)
            assert declared is not None, path
            assert declared["required"] is False and declared["description"], declared
        else:
            assert declared is None, path
    # Sign-in has no credential to scope a key to; everything else that creates does.
    assert f"{API}/auth/login" not in honoured
    assert {f"{API}/networks/{{network_id}}/activities", f"{API}/users"} <= honoured


async def test_every_etag_answered_is_declared_and_patch_takes_if_match(world: World) -> None:
    estate = await build_estate(world)
    document = world.app.openapi()
    answered: set[str] = set()
    for who, url, query in _get_urls(estate):
        async with world.client(who) as client:
            if "etag" in (await client.get(url, params=query)).headers:
                answered.add(url)
    wrong: list[str] = []
    for method, path in api_routes(world.app):
        operation = _operation(document, method, API + path)
        declared = "ETag" in operation["responses"].get("200", {}).get("headers", {})
        if method == "GET":
            url = API + path.format(**estate.ids["A"])
            if declared != (url in answered):
                wrong.append(f"GET {path}: answers an ETag {url in answered}, declares {declared}")
        elif method == "PATCH":
            takes = "If-Match" in _headers(operation)
            versioned = ("GET", path) in api_routes(world.app) and (
                API + path.format(**estate.ids["A"])
            ) in answered
            if not (takes == declared == versioned):
                wrong.append(f"PATCH {path}: If-Match {takes}, ETag {declared}, GET's {versioned}")
    assert not wrong, "\n".join(wrong)
    assert len(answered) >= 8, answered
