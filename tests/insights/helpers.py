"""Builders for small hand-made networks, through the API like a member would."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.support import API

YEAR_2025 = {"from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}


async def org(
    client: httpx.AsyncClient,
    network_id: uuid.UUID,
    name: str,
    level: str = "national",
    **extra: Any,
) -> str:
    response = await client.post(
        f"{API}/networks/{network_id}/organisations", json={"name": name, "level": level, **extra}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def activity(
    client: httpx.AsyncClient,
    network_id: uuid.UUID,
    starts_at: str,
    ends_at: str | None = None,
    **fields: Any,
) -> str:
    body: dict[str, Any] = {
        "title": fields.pop("title", f"Activity {starts_at}"),
        "kind": "training",
        "status": "held",
        "starts_at": starts_at,
        "ends_at": ends_at or starts_at,
        **fields,
    }
    response = await client.post(f"{API}/networks/{network_id}/activities", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def follow_up(
    client: httpx.AsyncClient, activity_id: str, due_on: str, status: str = "planned"
) -> None:
    response = await client.post(
        f"{API}/activities/{activity_id}/follow-ups",
        json={"title": "Check-in", "due_on": due_on, "status": status},
    )
    assert response.status_code == 201, response.text


async def insights(
    client: httpx.AsyncClient, network_id: uuid.UUID, params: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.get(f"{API}/networks/{network_id}/insights", params=params or {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
