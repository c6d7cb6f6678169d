"""Builders for small hand-made networks, through the API like a member would."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.builders import make_activity, make_follow_up, make_organisation
from tests.support import API

YEAR_2025 = {"from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}


async def org(
    client: httpx.AsyncClient,
    network_id: uuid.UUID,
    name: str,
    level: str = "national",
    **extra: Any,
) -> str:
    return str((await make_organisation(client, network_id, name, level=level, **extra))["id"])


async def activity(
    client: httpx.AsyncClient,
    network_id: uuid.UUID,
    starts_at: str,
    ends_at: str | None = None,
    **fields: Any,
) -> str:
    # A held training at one instant unless told otherwise, titled by its start.
    body = {
        "title": f"Activity {starts_at}",
        "kind": "training",
        "starts_at": starts_at,
        "ends_at": ends_at or starts_at,
    }
    return str((await make_activity(client, network_id, **(body | fields)))["id"])


async def follow_up(
    client: httpx.AsyncClient, activity_id: str, due_on: str, status: str = "planned"
) -> None:
    await make_follow_up(client, activity_id, title="Check-in", due_on=due_on, status=status)


async def insights(
    client: httpx.AsyncClient, network_id: uuid.UUID, params: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.get(f"{API}/networks/{network_id}/insights", params=params or {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
