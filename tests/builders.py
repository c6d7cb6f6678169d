"""Builders and assertions shared by every test that makes its data through the API, as users do.

Paths are under /api/v1 (``created(client, "/networks/...", body)``). Each builder has one set of
defaults; a module that needs other values passes them as overrides, so that a test's expected
values stay next to the test.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from services.core.db.engine import create_sessionmaker
from tests.support import API, World, problem_pointers

PROBLEM_JSON = "application/problem+json"


def assert_problem(
    response: httpx.Response, status: int, *pointers: str, detail: str | None = None
) -> dict[str, Any]:
    """The response is a problem+json of this status; with pointers, exactly those fields."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"] == "about:blank"
    assert "Traceback" not in response.text
    if pointers:
        assert problem_pointers(response) == list(pointers), body
    if detail is not None:
        assert detail in [e["detail"] for e in body.get("errors", [])], body
    return body


async def created(
    client: httpx.AsyncClient, path: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST under /api/v1 (with a JSON body if given) that must answer 201; the created object."""
    response = await client.post(f"{API}{path}", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def assert_created(response: httpx.Response, under: str) -> dict[str, Any]:
    """A 201 whose Location is the new object's own URL (``under`` + its id), at version 1."""
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    assert response.headers["location"] == f"{API}{under}/{result['id']}"
    assert response.headers["etag"] == '"1"'
    return result


async def posted(
    world: World, path: str, body: dict[str, Any], who: str = "member"
) -> httpx.Response:
    """The answer to one POST under /api/v1 by ``who``, whatever it is."""
    async with world.client(who) as client:
        return await client.post(f"{API}{path}", json=body)


async def assert_create_validated(
    world: World, path: str, body: dict[str, Any], model: Any, pointer: str | None
) -> None:
    """A member's POST: accepted (201) if ``pointer`` is None, else refused with a 422 naming
    ``pointer``, with no row of ``model`` stored."""
    response = await posted(world, path, body)
    if pointer is None:
        assert response.status_code == 201, response.text
        return
    assert_problem(response, 422, pointer)
    assert await count_rows(world, model) == 0


async def assert_unchanged(client: httpx.AsyncClient, path: str, before: dict[str, Any]) -> None:
    """The object at ``path`` reads exactly as ``before``, still at version 1 (nothing was kept)."""
    after = await client.get(f"{API}{path}")
    assert after.json() == before
    assert after.headers["etag"] == '"1"'


async def listed(
    client: httpx.AsyncClient, path: str, key: str = "title", /, **params: Any
) -> list[Any]:
    """``key`` of every item on the first page of a list under /api/v1, in the order given."""
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return [item[key] for item in response.json()["items"]]


async def ask_for_reset(client: httpx.AsyncClient, email: str) -> httpx.Response:
    """A request for a password-reset email to this address (anyone may ask, for anyone)."""
    return await client.post(f"{API}/auth/password-reset", json={"email": email})


def activity_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "South-South learning visit",
        "kind": "exchange_visit",
        "status": "held",
        "starts_at": "2026-01-10T08:00:00Z",
        "ends_at": "2026-01-11T16:00:00Z",
    }
    body.update(overrides)
    return body


def series_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Monthly learning webinar",
        "kind": "webinar",
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=5",
        "dtstart": "2026-01-05T10:00:00",
        "timezone": "Europe/Amsterdam",
    }
    body.update(overrides)
    return body


async def make_organisation(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, name: str = "Wemos", **extra: Any
) -> dict[str, Any]:
    return await created(client, f"/networks/{network_id}/organisations", {"name": name, **extra})


async def make_activity(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    return await created(client, f"/networks/{network_id}/activities", activity_body(**overrides))


async def make_series(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    return await created(client, f"/networks/{network_id}/series", series_body(**overrides))


async def make_api_key(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    """An API key (its one-time secret under "key"); the client must be a coordinator's."""
    body = {"name": "Partner", "scopes": ["read"], **overrides}
    return await created(client, f"/networks/{network_id}/api-keys", body)


async def make_webhook(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, url: str, **overrides: Any
) -> dict[str, Any]:
    """A webhook endpoint (by default hearing of opened findings); a coordinator's client."""
    body = {"url": url, "event_types": ["finding.opened"], **overrides}
    return await created(client, f"/networks/{network_id}/webhooks", body)


async def make_follow_up(
    client: httpx.AsyncClient, activity_id: str, **overrides: Any
) -> dict[str, Any]:
    body = {"title": "Action plan check", "due_on": "2026-02-10", **overrides}
    return await created(client, f"/activities/{activity_id}/follow-ups", body)


async def make_reflection(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    body = {"body": "Who held the power in the room?", "tags": ["power"], **overrides}
    return await created(client, f"/networks/{network_id}/reflections", body)


async def make_calendar_feed(client: httpx.AsyncClient, network_id: uuid.UUID | str) -> str:
    """The caller's secret calendar-feed URL for the network, issued afresh."""
    return str((await created(client, f"/networks/{network_id}/calendar-feed"))["url"])


async def count_rows(world: World, model: Any, **where: Any) -> int:
    """Rows in the database, read behind the API's back (to prove nothing was created)."""
    stmt = select(func.count()).select_from(model)
    for column, value in where.items():
        stmt = stmt.where(getattr(model, column) == value)
    async with create_sessionmaker(world.engine)() as session:
        return int(await session.scalar(stmt) or 0)
