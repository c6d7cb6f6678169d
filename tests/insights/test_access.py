"""Who may read insights, and how the period is checked."""

from __future__ import annotations

import uuid

import pytest

from tests.support import API, World


@pytest.mark.parametrize("who", ["viewer", "member", "coord", "admin"])
async def test_any_role_in_the_network_reads_insights(world: World, who: str) -> None:
    async with world.client(who) as c:
        response = await c.get(f"{API}/networks/{world.networks['A'].id}/insights")
    assert response.status_code == 200, response.text
    assert response.json()["from"] is None and response.json()["to"] is None


async def test_other_networks_and_strangers_are_refused(world: World) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/insights"
    async with world.client("outsider") as c:
        assert (await c.get(url)).status_code == 404
        missing = await c.get(f"{API}/networks/{uuid.uuid4()}/insights")
        assert missing.status_code == 404
    async with world.client() as c:
        assert (await c.get(url)).status_code == 401
    async with world.client("admin") as c:
        assert (await c.get(f"{API}/networks/{uuid.uuid4()}/insights")).status_code == 404


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "2025-02-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"}, "to"),
        ({"from": "2025-01-01T00:00:00"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"since": "2025-01-01T00:00:00Z"}, "since"),
    ],
)
async def test_bad_periods_are_422(world: World, params: dict[str, str], parameter: str) -> None:
    async with world.client("viewer") as c:
        response = await c.get(f"{API}/networks/{world.networks['A'].id}/insights", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e.get("parameter") for e in response.json()["errors"]] == [parameter]


async def test_every_figure_is_defined_in_the_openapi_document(world: World) -> None:
    async with world.client() as c:
        schemas = (await c.get(f"{API}/openapi.json")).json()["components"]["schemas"]
    names = [
        "Insights",
        "FollowUpInsights",
        "KindFollowUps",
        "CadenceInsights",
        "SeriesCadence",
        "GiverReceiverGraph",
        "GraphNode",
        "GraphEdge",
        "LevelFlow",
        "LevelFlowCell",
        "Multiplier",
        "MultiplierInsights",
        "QuarterCapacity",
        "GenderInsights",
    ]
    identifiers = {"network_id", "series_id", "organisation_id", "name", "title", "level"}
    identifiers |= {"country", "activity_id", "starts_at", "kind", "quarter"}
    identifiers |= {"facilitator_level", "participant_level"}
    for name in names:
        schema = schemas.get(name) or schemas[f"{name}-Output"]
        for field, spec in schema["properties"].items():
            if field in identifiers or "$ref" in spec or spec.get("type") == "array":
                continue
            assert spec.get("description"), f"{name}.{field} has no definition"
