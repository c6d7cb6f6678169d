from __future__ import annotations

from tests.builders import activity_body
from tests.support import API, World


async def test_member_creates_and_reads_an_activity(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        org = await client.post(
            f"{API}/networks/{network.id}/organisations", json={"name": "Wemos"}
        )
        assert org.status_code == 201, org.text
        created = await client.post(
            f"{API}/networks/{network.id}/activities",
            json=activity_body(facilitator_ids=[org.json()["id"]]),
        )
        assert created.status_code == 201, created.text
        got = await client.get(f"{API}/activities/{created.json()['id']}")
        assert got.status_code == 200
        assert got.json()["facilitator_ids"] == [org.json()["id"]]
        assert got.headers["etag"] == '"1"'
