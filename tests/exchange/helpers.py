from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx

from tests.support import API


async def created(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"{API}{url}", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def org(client: httpx.AsyncClient, network_id: uuid.UUID, name: str, **kw: Any) -> str:
    return str(
        (await created(client, f"/networks/{network_id}/organisations", {"name": name, **kw}))["id"]
    )


async def activity(client: httpx.AsyncClient, network_id: uuid.UUID, **kw: Any) -> dict[str, Any]:
    body = {
        "title": "Budget tracking training",
        "kind": "training",
        "status": "held",
        "starts_at": "2026-01-10T08:00:00Z",
        "ends_at": "2026-01-10T16:00:00Z",
        **kw,
    }
    return await created(client, f"/networks/{network_id}/activities", body)


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text, newline="")))
