"""The REST conventions partners build on: pagination, ETags, idempotency, limits, errors."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from services.core.activities.models import Activity
from services.core.db.engine import create_sessionmaker
from services.core.organisations.models import Organisation
from tests.builders import (
    PROBLEM_JSON,
    activity_body,
    assert_problem,
    count_rows,
    make_activity,
    make_follow_up,
    make_organisation,
    make_reflection,
    make_series,
)
from tests.support import API, World

# --- cursor pagination --------------------------------------------------------------------


async def next_page(
    client: httpx.AsyncClient, url: str, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    params: dict[str, Any] = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "next_cursor"}
    assert len(body["items"]) <= limit
    return body["items"], body["next_cursor"]


def at(day: int, hour: int = 9) -> dict[str, str]:
    return {
        "starts_at": f"2026-03-{day:02d}T{hour:02d}:00:00Z",
        "ends_at": f"2026-03-{day:02d}T{hour + 1:02d}:00:00Z",
    }


async def test_activity_pages_survive_inserts_between_requests(world: World) -> None:
    network = world.networks["A"]
    url = f"{API}/networks/{network.id}/activities"
    async with world.client("member") as client:
        # Three share a start time, so the id tie-breaker decides their order.
        days = [10, 12, 12, 12, 14, 16, 18]
        before = [await make_activity(client, network.id, title=f"a{d}", **at(d)) for d in days]
        seen: list[dict[str, Any]] = []
        expected_extra: list[str] = []

        items, cursor = await next_page(client, url, None, 3)
        seen += items
        assert [i["title"] for i in items] == ["a18", "a16", "a14"]
        # Between pages: a newer one (sorts before the cursor: not shown), one with the
        # cursor row's start time (a later id, so also before the cursor), an older one
        # (after the cursor: shown).
        await make_activity(client, network.id, title="newest", **at(28))
        await make_activity(client, network.id, title="tie", **at(14))
        expected_extra.append((await make_activity(client, network.id, title="old", **at(1)))["id"])
        # And one disappears that was not yet served.
        gone = next(a for a in before if a["title"] == "a10")
        assert (await client.delete(f"{API}/activities/{gone['id']}")).status_code == 204

        while cursor:
            items, cursor = await next_page(client, url, cursor, 3)
            seen += items
            if cursor:
                expected_extra.append(
                    (await make_activity(client, network.id, title="older", **at(1, 5)))["id"]
                )
    ids = [i["id"] for i in seen]
    assert len(ids) == len(set(ids)), "a row was served twice"
    assert set(ids) == ({a["id"] for a in before} - {gone["id"]}) | set(expected_extra)
    keys = [(i["starts_at"], i["id"]) for i in seen]
    assert keys == sorted(keys, reverse=True), "newest first, then by id"


async def test_organisation_pages_survive_inserts_between_requests(world: World) -> None:
    network = world.networks["A"]
    url = f"{API}/networks/{network.id}/organisations"
    async with world.client("member") as client:
        names = ["Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
        before = [await make_organisation(client, network.id, name) for name in names]
        items, cursor = await next_page(client, url, None, 2)
        seen = list(items)
        assert [i["name"] for i in items] == ["Bravo", "Charlie"]
        await make_organisation(client, network.id, "Alpha")  # before the cursor
        await make_organisation(client, network.id, "Charlie 2")  # just after it
        late = await make_organisation(client, network.id, "Zulu")
        while cursor:
            items, cursor = await next_page(client, url, cursor, 2)
            seen += items
    served = [i["name"] for i in seen]
    assert served == ["Bravo", "Charlie", "Charlie 2", "Delta", "Echo", "Foxtrot", "Zulu"]
    assert late["id"] in {i["id"] for i in seen}
    assert {o["id"] for o in before} <= {i["id"] for i in seen}


async def _fill(client: httpx.AsyncClient, world: World, list_path: str) -> None:
    """Four or more rows for the list, some tying on the first sort key."""
    network_id = world.networks["A"].id
    if list_path.endswith("/follow-ups"):
        activity = await make_activity(client, network_id)
    for i in range(4):
        if list_path.endswith("/activities"):
            await make_activity(client, network_id, **at(1 + i % 2))
        elif list_path.endswith("/organisations"):
            await make_organisation(client, network_id, f"Org {i}")
        elif list_path.endswith("/series"):
            await make_series(client, network_id, title=f"Series {i}")
        elif list_path.endswith("/reflections"):
            await make_reflection(client, network_id, body=f"Reflection {i}")
        elif list_path.endswith("/follow-ups"):
            await make_follow_up(client, activity["id"], due_on=f"2026-02-0{i % 2 + 1}")
        elif list_path.endswith("/members"):
            fresh = await world.add_user(f"extra{i}")
            await client.post(
                f"{API}/networks/{network_id}/members",
                json={"user_id": str(fresh.id), "role": "viewer"},
            )
        elif list_path.endswith("/invitations"):
            await client.post(
                f"{API}/networks/{network_id}/invitations", json={"email": f"inv{i}@example.net"}
            )
        else:
            await client.post(f"{API}/networks", json={"name": "Net", "slug": f"net-{i}"})


@pytest.mark.parametrize(
    "list_path",
    [
        "/networks/{network}/activities",
        "/networks/{network}/organisations",
        "/networks/{network}/series",
        "/networks/{network}/reflections",
        "/networks/{network}/follow-ups",
        "/networks/{network}/members",
        "/networks/{network}/invitations",
        "/networks",
    ],
)
async def test_every_list_pages_through_everything_exactly_once(
    world: World, list_path: str
) -> None:
    async with world.client("admin") as client:
        await _fill(client, world, list_path)
        url = API + list_path.format(network=world.networks["A"].id)
        everything, cursor = await next_page(client, url, None, 200)
        assert cursor is None and len(everything) >= 4
        paged: list[dict[str, Any]] = []
        cursor = None
        while True:
            items, cursor = await next_page(client, url, cursor, 2)
            paged += items
            if cursor is None:
                break
    assert [i["id"] for i in paged] == [i["id"] for i in everything]


def forged(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


BAD_CURSORS = {
    "not base64": "not a cursor!",
    "percent signs": "%%%",
    "non-ascii": "é",
    "not a list": forged({"a": 1}),
    "too short": forged([1]),
    "too long": forged([1, 2, 3]),
    "naive date-time": forged([{"t": "2026-01-01T00:00:00"}, {"u": str(uuid.uuid4())}]),
    "not a date-time": forged([{"t": "yesterday"}, {"u": str(uuid.uuid4())}]),
    "number as date-time": forged([{"t": 5}, {"u": str(uuid.uuid4())}]),
    "not a uuid": forged([{"t": "2026-01-01T00:00:00Z"}, {"u": "not-a-uuid"}]),
    "unknown tags": forged([{"x": 1}, {"y": 2}]),
    "numbers": forged([1, 2]),
    "organisation cursor": forged(["Wemos", {"u": str(uuid.uuid4())}]),
    "string as id": forged([{"t": "2026-01-01T00:00:00Z"}, "plain string"]),
    "not utf-8": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "nested lists": forged([[[[[[[[[[[]]]]]]]]]], 1]),
    "truncated": "W" * 40 + "[" * 100,
}


@pytest.mark.parametrize("cursor", list(BAD_CURSORS.values()), ids=list(BAD_CURSORS))
async def test_a_bad_cursor_is_a_400_problem(world: World, cursor: str) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        await make_activity(client, network.id)
        response = await client.get(
            f"{API}/networks/{network.id}/activities", params={"cursor": cursor}
        )
    assert_problem(response, 400)


async def test_a_cursor_from_another_list_is_a_400_problem(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as client:
        for i in range(2):
            await make_activity(client, network.id, **at(1 + i))
            await make_organisation(client, network.id, f"Org {i}")
            await make_follow_up(
                client,
                (await make_activity(client, network.id))["id"],
                due_on="2026-02-01",
            )
        cursors = {}
        for name in ("activities", "organisations", "follow-ups"):
            page = await client.get(f"{API}/networks/{network.id}/{name}", params={"limit": 1})
            cursors[name] = page.json()["next_cursor"]
            assert cursors[name]
        for name, cursor in cursors.items():
            for other in cursors:
                if other == name:
                    continue
                response = await client.get(
                    f"{API}/networks/{network.id}/{other}", params={"cursor": cursor}
                )
                assert_problem(response, 400)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "c" * 1001}, "cursor"),
    ],
)
async def test_limit_and_cursor_bounds(
    world: World, params: dict[str, Any], parameter: str
) -> None:
    async with world.client("member") as client:
        for path in ("activities", "organisations", "reflections"):
            response = await client.get(
                f"{API}/networks/{world.networks['A'].id}/{path}", params=params
            )
            assert_problem(response, 422, parameter)


async def test_limit_defaults_to_50_and_goes_up_to_200(world: World) -> None:
    network = world.networks["A"]
    async with create_sessionmaker(world.engine)() as session, session.begin():
        session.add_all(
            Organisation(network_id=network.id, name=f"Org {i:03d}") for i in range(201)
        )
    async with world.client("viewer") as client:
        url = f"{API}/networks/{network.id}/organisations"
        default = await client.get(url)
        assert len(default.json()["items"]) == 50 and default.json()["next_cursor"]
        one = await client.get(url, params={"limit": 1})
        assert len(one.json()["items"]) == 1
        most = await client.get(url, params={"limit": 200})
        assert len(most.json()["items"]) == 200 and most.json()["next_cursor"]
        rest = await client.get(url, params={"limit": 200, "cursor": most.json()["next_cursor"]})
        assert [o["name"] for o in rest.json()["items"]] == ["Org 200"]
        assert rest.json()["next_cursor"] is None


# --- ETag / If-Match ----------------------------------------------------------------------

Maker = Callable[[httpx.AsyncClient, World], Awaitable[tuple[str, dict[str, Any]]]]


async def _organisation(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    org = await make_organisation(client, world.networks["A"].id)
    return f"/organisations/{org['id']}", {"name": "Renamed"}


async def _activity(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    activity = await make_activity(client, world.networks["A"].id)
    return f"/activities/{activity['id']}", {"title": "Renamed"}


async def _series(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    series = await make_series(client, world.networks["A"].id)
    return f"/series/{series['id']}", {"title": "Renamed"}


async def _follow_up(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    activity = await make_activity(client, world.networks["A"].id)
    follow_up = await make_follow_up(client, activity["id"])
    return f"/follow-ups/{follow_up['id']}", {"title": "Renamed"}


async def _reflection(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    reflection = await make_reflection(client, world.networks["A"].id)
    return f"/reflections/{reflection['id']}", {"body": "Renamed"}


async def _network(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    return f"/networks/{world.networks['A'].id}", {"name": "Renamed"}


MAKERS: dict[str, Maker] = {
    "organisation": _organisation,
    "activity": _activity,
    "series": _series,
    "follow-up": _follow_up,
    "reflection": _reflection,
    "network": _network,
}


@pytest.mark.parametrize("kind", list(MAKERS))
async def test_if_match_guards_against_lost_updates(world: World, kind: str) -> None:
    # The coordinator may patch all of these except reflections, which only their author edits.
    who = "member" if kind == "reflection" else "coord"
    async with world.client(who) as client:
        path, change = await MAKERS[kind](client, world)
        field = next(iter(change))
        first = await client.get(API + path)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"')

        ok = await client.patch(API + path, json=change, headers={"If-Match": etag})
        assert ok.status_code == 200, ok.text
        new_etag = ok.headers["etag"]
        assert new_etag != etag
        assert (await client.get(API + path)).headers["etag"] == new_etag

        stale = await client.patch(
            API + path, json={field: "Lost update"}, headers={"If-Match": etag}
        )
        assert_problem(stale, 412)
        after = await client.get(API + path)
        assert after.json()[field] == "Renamed"
        assert after.headers["etag"] == new_etag

        # Lists and "*" are understood too (tests/api/test_preconditions.py has the details).
        listed = await client.patch(
            API + path, json={field: "Listed"}, headers={"If-Match": f'"nope", {new_etag}'}
        )
        assert listed.status_code == 200, listed.text
        star = await client.patch(API + path, json={field: "Star"}, headers={"If-Match": "*"})
        assert star.status_code == 200, star.text
        # Without If-Match the change goes through (last writer wins).
        blind = await client.patch(API + path, json={field: "Blind"})
        assert blind.status_code == 200, blind.text


# --- Idempotency-Key ----------------------------------------------------------------------


async def test_a_retried_post_with_the_same_key_creates_once(world: World) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = activity_body(title="Retried")
    async with world.client("member") as client:
        first = await client.post(url, json=body, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == 201, first.text
        assert "idempotent-replayed" not in first.headers
        second = await client.post(url, json=body, headers={"Idempotency-Key": "k-1"})
        assert second.status_code == 201
        assert second.headers["idempotent-replayed"] == "true"
        assert second.json() == first.json()
        assert second.headers["location"] == first.headers["location"]
        assert second.headers["etag"] == first.headers["etag"]
        assert second.headers["content-type"] == first.headers["content-type"]
    assert await count_rows(world, Activity, title="Retried") == 1


async def test_the_same_key_with_another_body_is_a_422(world: World) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    async with world.client("member") as client:
        first = await client.post(
            url, json=activity_body(title="One"), headers={"Idempotency-Key": "k-2"}
        )
        assert first.status_code == 201
        other = await client.post(
            url, json=activity_body(title="Two"), headers={"Idempotency-Key": "k-2"}
        )
        assert_problem(other, 422)
        elsewhere = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations",
            json={"name": "One"},
            headers={"Idempotency-Key": "k-2"},
        )
        assert_problem(elsewhere, 422)
    assert await count_rows(world, Activity) == 1
    assert await count_rows(world, Organisation) == 0


async def test_keys_belong_to_their_caller(world: World) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = activity_body(title="Shared key")
    async with world.client("member") as member:
        mine = await member.post(url, json=body, headers={"Idempotency-Key": "k-3"})
    async with world.client("member2") as member2:
        theirs = await member2.post(url, json=body, headers={"Idempotency-Key": "k-3"})
        assert theirs.status_code == 201, theirs.text
        assert "idempotent-replayed" not in theirs.headers
        assert theirs.json()["id"] != mine.json()["id"]
        assert theirs.json()["created_by"] == str(world.people["member2"].id)
        # Nor does someone else's key with another body block them.
        different = await member2.post(
            url, json=activity_body(title="Other"), headers={"Idempotency-Key": "k-4"}
        )
        assert different.status_code == 201
    async with world.client("member") as member:
        # ... and the key stays the member's own.
        replay = await member.post(url, json=body, headers={"Idempotency-Key": "k-3"})
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["id"] == mine.json()["id"]
    assert await count_rows(world, Activity, title="Shared key") == 2


async def test_a_failed_request_does_not_burn_the_key(world: World) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    async with world.client("member") as client:
        bad = await client.post(
            url,
            json=activity_body(ends_at="2026-01-01T00:00:00Z"),
            headers={"Idempotency-Key": "k-5"},
        )
        assert_problem(bad, 422, "/ends_at")
        fixed = await client.post(url, json=activity_body(), headers={"Idempotency-Key": "k-5"})
        assert fixed.status_code == 201, fixed.text
        assert "idempotent-replayed" not in fixed.headers
    async with world.client("viewer") as viewer:
        refused = await viewer.post(url, json=activity_body(), headers={"Idempotency-Key": "k-6"})
        assert_problem(refused, 403)
    assert await count_rows(world, Activity) == 1


@pytest.mark.parametrize("key", ["", "k" * 256])
async def test_idempotency_key_length(world: World, key: str) -> None:
    async with world.client("member") as client:
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations",
            json={"name": "X"},
            headers={"Idempotency-Key": key},
        )
    assert_problem(response, 422)
    assert await count_rows(world, Organisation) == 0


# --- request size -------------------------------------------------------------------------

MiB = 1024 * 1024


def big_body(size: int) -> bytes:
    prefix, suffix = b'{"name": "X", "pad": "', b'"}'
    return prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix


async def test_a_body_over_1_mib_is_a_413_problem(world: World) -> None:
    async with world.client("member") as client:
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations",
            content=big_body(MiB + 1),
            headers={"Content-Type": "application/json"},
        )
    assert_problem(response, 413)
    assert await count_rows(world, Organisation) == 0


async def test_a_streamed_body_over_1_mib_is_a_413_problem(world: World) -> None:
    body = big_body(MiB + 1)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    async with world.client("member") as client:
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations",
            content=chunks(),
            headers={"Content-Type": "application/json"},
        )
    assert "content-length" not in response.request.headers  # really streamed (chunked)
    assert_problem(response, 413)
    assert await count_rows(world, Organisation) == 0


async def test_a_body_of_exactly_1_mib_is_read(world: World) -> None:
    async with world.client("member") as client:
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/organisations",
            content=big_body(MiB),
            headers={"Content-Type": "application/json"},
        )
    # Read and judged on its content (an unknown field), not refused for its size.
    assert_problem(response, 422, "/pad", detail="unknown field")


# --- errors -------------------------------------------------------------------------------


async def test_every_error_is_problem_json(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        activity = await make_activity(member, network.id)
        cases: list[tuple[int, httpx.Response]] = [
            (400, await member.get(f"{API}/networks/{network.id}/activities?cursor=zzz")),
            (404, await member.get(f"{API}/activities/{uuid.uuid4()}")),
            (404, await member.get(f"{API}/no-such-route")),
            (405, await member.put(f"{API}/activities/{activity['id']}", json={})),
            (422, await member.get(f"{API}/activities/not-a-uuid")),
            (422, await member.post(f"{API}/networks/{network.id}/activities", json={})),
            (
                422,
                await member.post(
                    f"{API}/networks/{network.id}/activities",
                    content=b"{not json",
                    headers={"Content-Type": "application/json"},
                ),
            ),
            (
                412,
                await member.patch(
                    f"{API}/activities/{activity['id']}", json={}, headers={"If-Match": '"0"'}
                ),
            ),
            (403, await member.patch(f"{API}/networks/{network.id}", json={"name": "x"})),
        ]
    async with world.client("coord") as coord:
        members = (await coord.get(f"{API}/networks/{network.id}/members")).json()["items"]
        cases.append(
            (
                409,
                await coord.post(
                    f"{API}/networks/{network.id}/members",
                    json={"email": members[0]["email"], "role": "member"},
                ),
            )
        )
    async with world.client() as anonymous:
        cases.append((401, await anonymous.get(f"{API}/networks")))
        cases.append((413, await anonymous.post(f"{API}/auth/login", content=big_body(MiB + 10))))
    for status, response in cases:
        assert_problem(response, status)


async def test_validation_problems_have_one_shape(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        from_schema = await member.post(
            f"{API}/networks/{network.id}/activities", json=activity_body(title="")
        )
        from_service = await member.post(
            f"{API}/networks/{network.id}/activities",
            json=activity_body(ends_at="2026-01-01T00:00:00Z"),
        )
    a, b = assert_problem(from_schema, 422, "/title"), assert_problem(from_service, 422, "/ends_at")
    assert a["title"] == b["title"] == "Unprocessable Content"
    assert set(a) == set(b) == {"type", "title", "status", "detail", "errors"}


# --- OpenAPI and operations ---------------------------------------------------------------


async def test_openapi_document(world: World) -> None:
    async with world.client() as client:
        response = await client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "patch", "put", "delete"}
    ]
    ids = [operation.get("operationId") for _, _, operation in operations]
    assert all(ids), "every operation has an operationId"
    assert len(ids) == len(set(ids)), "operationIds are unique"
    # Generated clients depend on these names staying put.
    assert {
        "login",
        "logout",
        "get_me",
        "list_networks",
        "create_network",
        "update_network",
        "list_members",
        "add_member",
        "list_organisations",
        "create_organisation",
        "list_activities",
        "create_activity",
        "get_activity",
        "update_activity",
        "delete_activity",
        "list_series",
        "list_series_occurrences",
        "list_activity_follow_ups",
        "create_follow_up",
        "list_reflections",
        "update_reflection",
        "healthz",
        "readyz",
    } <= set(ids)
    for path, method, operation in operations:
        if not path.startswith(API):
            continue  # /healthz and /readyz answer anyone and fail no auth
        where = f"{method.upper()} {path}"
        documented = set(operation["responses"])
        assert {"401", "403", "404", "422"} <= documented, where
        if method == "patch":
            assert "412" in documented, where
        for status in ("401", "403", "404", "422"):
            assert PROBLEM_JSON in operation["responses"][status]["content"], where


async def test_health_and_readiness(world: World) -> None:
    async with world.client() as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert ready.status_code == 200 and ready.json() == {"status": "ok"}
