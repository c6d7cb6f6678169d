"""What the schemathesis run found, pinned down as plain examples (it only finds them by chance)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI

from tests.builders import activity_body
from tests.security import fixtures
from tests.security.estate import build_estate
from tests.support import API, World, problem_pointers

app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver


async def test_405_lists_every_method_of_the_resource(world: World) -> None:
    estate = await build_estate(world)
    async with world.client("coord") as client:
        options = await client.options(f"{API}/activities/{estate.a('activity_id')}")
        # The web app's catch-all serves GET: on a POST-only API path it must not answer 404.
        get_login = await client.get(f"{API}/auth/login")
        nowhere = await client.get(f"{API}/no-such-thing")
    assert options.status_code == 405
    assert options.headers["allow"] == "DELETE, GET, HEAD, PATCH"
    assert options.headers["content-type"] == "application/problem+json"
    assert (get_login.status_code, get_login.headers["allow"]) == (405, "POST")
    assert nowhere.status_code == 404 and "allow" not in nowhere.headers


async def test_nul_characters_are_refused_on_both_databases(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        created = await client.post(
            f"{API}/networks/{network}/activities", json=activity_body(title="Budget\x00training")
        )
        themes = await client.post(
            f"{API}/networks/{network}/activities", json=activity_body(themes=["ok", "b\x00d"])
        )
        searched = await client.get(f"{API}/networks/{network}/activities", params={"q": "\x00"})
    assert created.status_code == 422 and problem_pointers(created) == ["/title"]
    assert themes.status_code == 422 and problem_pointers(themes) == ["/themes/1"]
    assert searched.status_code == 422 and problem_pointers(searched) == ["q"]


async def test_numbers_are_not_date_times(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        insights = await client.get(f"{API}/networks/{network}/insights", params={"from": "-39801"})
        body = await client.post(
            f"{API}/networks/{network}/activities", json=activity_body(starts_at=1_767_000_000)
        )
    assert insights.status_code == 422 and problem_pointers(insights) == ["from"]
    assert body.status_code == 422 and problem_pointers(body) == ["/starts_at"]


def _properties(app: FastAPI, name: str) -> dict[str, Any]:
    schemas = app.openapi()["components"]["schemas"]
    properties: dict[str, Any] = schemas[name]["properties"]
    return properties


def test_the_document_says_what_the_validators_accept(app: FastAPI) -> None:
    update = _properties(app, "ActivityUpdate")
    # PATCH fields that may not be nulled are not nullable in the document either...
    assert update["title"]["type"] == "string" and "anyOf" not in update["title"]
    # ...and the ones that may (NULLABLE) still are.
    assert {"type": "null"} in update["country"]["anyOf"]
    # Text is measured after stripping: whitespace alone is not a name; and a name is one
    # line without control characters within it.
    title = re.compile(_properties(app, "ActivityCreate")["title"]["pattern"])
    assert title.search(" Budget training\r\n") and not title.search("   ")
    assert not title.search("Budget\r\ntraining") and not title.search("Budget\x00")
    description = re.compile(_properties(app, "ActivityCreate")["description"]["pattern"])
    assert description.search("Line one\r\n\tline two") and not description.search("\x1b")
    # A series' start is wall-clock time without an offset, in and out.
    for schema, field in (("SeriesCreate", "dtstart"), ("SeriesRead", "dtstart")):
        assert _properties(app, schema)[field]["format"] == "date-time-local"
    assert _properties(app, "OccurrenceRead")["local"]["format"] == "date-time-local"
