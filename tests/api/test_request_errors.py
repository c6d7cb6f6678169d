"""What a partner reads when a request body is wrong: where, what, and every problem at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.builders import activity_body, make_activity, make_organisation, series_body
from tests.support import API, World


def errors(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {e["pointer"]: e["code"] for e in response.json()["errors"]}


async def test_malformed_json_says_where_and_what(world: World) -> None:
    network = world.networks["A"].id
    body = b'{\n  "title": "Budget training",\n  "kind": "training",\n  "starts_at": ,\n}'
    async with world.client("coord") as client:
        response = await client.post(
            f"{API}/networks/{network}/activities",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert errors(response) == {"": "json_invalid"}
    (problem,) = response.json()["errors"]
    assert problem["detail"] == ("the body is not valid JSON at line 4, column 16: Expecting value")


async def test_every_error_in_a_body_is_reported_at_once(world: World) -> None:
    network = world.networks["A"].id
    body = activity_body(starts_at="the 9th of May", colour="blue")
    async with world.client("coord") as client:
        response = await client.post(f"{API}/networks/{network}/activities", json=body)
    assert errors(response) == {
        "/colour": "extra_forbidden",
        "/starts_at": "datetime_from_date_parsing",
    }


BACKWARDS: list[tuple[str, dict[str, Any], str]] = [
    (
        "activities",
        activity_body(starts_at="2026-01-11T16:00:00Z", ends_at="2026-01-10T08:00:00Z"),
        "/ends_at",
    ),
    ("series", series_body(dtstart="2026-03-10T10:00:00", ends_on="2026-03-01"), "/ends_on"),
    (
        "organisations",
        {"name": "Wemos", "joined_on": "2024-05-01", "left_on": "2023-01-01"},
        "/left_on",
    ),
]


@pytest.mark.parametrize(("collection", "body", "pointer"), BACKWARDS)
async def test_dates_that_contradict_each_other_come_with_the_other_errors(
    world: World, collection: str, body: dict[str, Any], pointer: str
) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        response = await client.post(
            f"{API}/networks/{network}/{collection}", json=body | {"colour": "blue"}
        )
    assert errors(response) == {pointer: "ends_before_start", "/colour": "extra_forbidden"}


async def test_a_patch_is_checked_against_the_stored_dates_too(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        activity = await make_activity(client, network)
        organisation = await make_organisation(client, network, joined_on="2024-05-01")
        moved = await client.patch(
            f"{API}/activities/{activity['id']}", json={"ends_at": "2000-01-01T00:00:00Z"}
        )
        left = await client.patch(
            f"{API}/organisations/{organisation['id']}", json={"left_on": "2023-01-01"}
        )
    assert errors(moved) == {"/ends_at": "ends_before_start"}
    assert errors(left) == {"/left_on": "ends_before_start"}
