"""Every field error carries a stable code, so the web app can say it in its reader's language."""

from __future__ import annotations

from typing import Any

import httpx

from tests.builders import activity_body
from tests.support import API, World


def codes(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e.get("pointer", e.get("parameter", "")): e["code"] for e in response.json()["errors"]}


async def post(world: World, path: str, body: dict[str, Any], who: str = "coord") -> httpx.Response:
    async with world.client(who) as client:
        return await client.post(f"{API}{path}", json=body)


async def test_domain_rules_answer_with_their_code(world: World) -> None:
    network = world.networks["A"].id
    backwards = activity_body(starts_at="2026-01-11T16:00:00Z", ends_at="2026-01-10T08:00:00Z")
    assert codes(await post(world, f"/networks/{network}/activities", backwards)) == {
        "/ends_at": "ends_before_start"
    }
    async with world.client("member") as client:
        answer = await client.patch(
            f"{API}/auth/me/notifications",
            json={"items": [{"network_id": str(world.networks["B"].id), "cadence": "daily"}]},
        )
        common = await client.patch(
            f"{API}/auth/me",
            json={"current_password": "whatever-it-is", "password": "password123"},
        )
    assert codes(answer) == {"/items/0/network_id": "not_in_network"}
    assert codes(common) == {"/password": "password_too_common"}


async def test_every_problem_of_a_body_has_a_code_at_once(world: World) -> None:
    network = world.networks["A"].id
    body = activity_body(starts_at="yesterday", colour="blue", country="QQ")
    found = codes(await post(world, f"/networks/{network}/activities", body))
    assert found == {
        "/starts_at": "datetime_from_date_parsing",
        "/colour": "extra_forbidden",
        "/country": "unknown_country",
    }


async def test_the_openapi_document_describes_the_codes(world: World) -> None:
    async with world.client() as client:
        schema = (await client.get(f"{API}/openapi.json")).json()
    field = schema["components"]["schemas"]["ProblemFieldError"]
    assert "code" in field["required"]
    assert "ends_before_start" in field["properties"]["code"]["description"]
