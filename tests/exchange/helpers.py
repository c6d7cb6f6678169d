from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx

from tests.builders import make_activity, make_organisation

# The exchange tests' activity: a one-day training (titles and kinds show in exports).
TRAINING: dict[str, Any] = {
    "title": "Budget tracking training",
    "kind": "training",
    "ends_at": "2026-01-10T16:00:00Z",
}


async def org(client: httpx.AsyncClient, network_id: uuid.UUID, name: str, **kw: Any) -> str:
    return str((await make_organisation(client, network_id, name, **kw))["id"])


async def activity(client: httpx.AsyncClient, network_id: uuid.UUID, **kw: Any) -> dict[str, Any]:
    return await make_activity(client, network_id, **(TRAINING | kw))


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text, newline="")))
