"""Small builders and assertions shared by the API tests (they go through the API, like users)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from services.core.db.engine import create_sessionmaker
from tests.support import API, World, activity_body, problem_pointers

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


async def post_ok(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(url, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def make_organisation(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, name: str = "Wemos", **extra: Any
) -> dict[str, Any]:
    return await post_ok(
        client, f"{API}/networks/{network_id}/organisations", {"name": name, **extra}
    )


async def make_activity(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    return await post_ok(
        client, f"{API}/networks/{network_id}/activities", activity_body(**overrides)
    )


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


async def make_series(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    return await post_ok(client, f"{API}/networks/{network_id}/series", series_body(**overrides))


async def make_follow_up(
    client: httpx.AsyncClient, activity_id: str, **overrides: Any
) -> dict[str, Any]:
    body = {"title": "Action plan check", "due_on": "2026-02-10", **overrides}
    return await post_ok(client, f"{API}/activities/{activity_id}/follow-ups", body)


async def make_reflection(
    client: httpx.AsyncClient, network_id: uuid.UUID | str, **overrides: Any
) -> dict[str, Any]:
    body = {"body": "Who held the power in the room?", "tags": ["power"], **overrides}
    return await post_ok(client, f"{API}/networks/{network_id}/reflections", body)


async def count_rows(world: World, model: Any, **where: Any) -> int:
    """Rows in the database, read behind the API's back (to prove nothing was created)."""
    stmt = select(func.count()).select_from(model)
    for column, value in where.items():
        stmt = stmt.where(getattr(model, column) == value)
    async with create_sessionmaker(world.engine)() as session:
        return int(await session.scalar(stmt) or 0)
