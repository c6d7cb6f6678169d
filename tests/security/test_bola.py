"""Broken object-level authorisation and mass assignment, route by route.

Network A's coordinator and A's write key try every id-bearing route with network B's ids,
and every id field of a request body with an id of network B: each answers 404, exactly like a
missing object, and nothing changes on either side. Every PATCH route refuses fields a caller
must never set (owner, tenant, version, secrets, privileges) with a 422 pointing at the field.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from services.core.activities.models import Activity
from services.core.db.engine import create_sessionmaker
from services.core.followups.models import FollowUp
from services.core.reflections.models import Reflection
from tests.security import fixtures
from tests.security.estate import Estate, api_routes, build_estate
from tests.security.test_route_matrix import BODIES, CALLERS, QUERIES, Body, Caller, Csv, call
from tests.support import API, World, problem_pointers

# This module's app: offline webhook resolver, generous key rate limit (see fixtures).
app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

# Path parameters that are not objects of a network, so "another network's id" means nothing:
# users are global (their routes are for site admins, and the matrix covers them), and a
# calendar feed token is a capability URL that opens its network to whoever holds it.
NOT_TENANT_IDS = {"user_id", "token", "invitation_token", "reset_token", "session_id"}

A_COORD = next(c for c in CALLERS if c.name == "coord")
A_WRITE_KEY = next(c for c in CALLERS if c.name == "key:write")


def _params(path: str) -> set[str]:
    return {part[1:-1] for part in path.replace(".", "/").split("/") if part.startswith("{")}


def id_routes(app: Any) -> list[tuple[str, str]]:
    return [
        route
        for route in api_routes(app)
        if _params(route[1]) and not _params(route[1]) & NOT_TENANT_IDS
    ]


async def snapshot_b(estate: Estate) -> dict[str, tuple[int, str]]:
    """Everything network B's coordinator can read about B, as B's coordinator reads it."""
    seen: dict[str, tuple[int, str]] = {}
    async with estate.world.client("outsider") as client:
        for method, path in api_routes(estate.world.app):
            if method != "GET" or not _params(path):
                continue
            url = API + path.format(**estate.ids["B"])
            response = await client.get(url, params=QUERIES.get((method, path)))
            text = response.text
            if response.headers["content-type"].startswith("application/json"):
                # Insights say when they were computed: the one figure that moves by itself.
                data = response.json()
                if isinstance(data, dict):
                    data.pop("computed_at", None)
                text = json.dumps(data, sort_keys=True)
            seen[url] = (response.status_code, text)
    assert all(status == 200 for status, _ in seen.values()), seen
    return seen


async def test_other_networks_ids_in_paths_answer_404_and_change_nothing(world: World) -> None:
    estate = await build_estate(world)
    routes = id_routes(world.app)
    before = await snapshot_b(estate)
    nowhere = {name: str(uuid.uuid4()) for name in estate.ids["B"]}
    wrong: list[str] = []
    for caller in (A_COORD, A_WRITE_KEY):
        for method, path in routes:
            maker = BODIES.get((method, path))
            body = await maker(estate) if maker else None
            response = await call(
                estate, caller, method, path, params=estate.ids["B"], body=body, session=None
            )
            missing = await call(
                estate, caller, method, path, params=nowhere, body=body, session=None
            )
            if response.status_code != 404 or response.json() != missing.json():
                wrong.append(
                    f"{method} {path} as {caller.name}: {response.status_code} {response.text}"
                    f" (a missing object: {missing.status_code} {missing.text})"
                )
    assert not wrong, "\n".join(wrong)
    assert await snapshot_b(estate) == before
    print(f"BOLA: {len(routes)} id-bearing routes x 2 callers tried with network B's ids")


async def _count(world: World, model: Any, network_id: str) -> int:
    stmt = select(func.count()).select_from(model).where(model.network_id == uuid.UUID(network_id))
    async with create_sessionmaker(world.engine)() as session:
        return int(await session.scalar(stmt) or 0)


async def _read(estate: Estate, path: str) -> Any:
    async with estate.world.client("coord") as client:
        response = await client.get(API + path.format(**estate.ids["A"]))
    assert response.status_code == 200, response.text
    return response.json()


def body_cases(estate: Estate) -> list[tuple[str, str, dict[str, Any], str, Any]]:
    """(method, path, body, pointer, model counted): an id of network B in each id field."""
    b = estate.b
    a_org = estate.a("organisation_id")
    outsider = str(estate.world.people["outsider"].id)
    new_activity = {
        "title": "Leaky visit",
        "kind": "exchange_visit",
        "starts_at": "2026-03-10T08:00:00Z",
        "ends_at": "2026-03-10T16:00:00Z",
    }
    activity_fields: list[tuple[dict[str, Any], str]] = [
        ({"facilitator_ids": [b("organisation_id")]}, "/facilitator_ids/0"),
        ({"facilitator_ids": [a_org, b("organisation_id")]}, "/facilitator_ids/1"),
        ({"participant_ids": [b("organisation_id")]}, "/participant_ids/0"),
        ({"series_id": b("series_id")}, "/series_id"),
        ({"cascade_of": b("activity_id")}, "/cascade_of"),
    ]
    follow_up_fields: list[tuple[dict[str, Any], str]] = [
        ({"owner_organisation_id": b("organisation_id")}, "/owner_organisation_id"),
        ({"follow_up_activity_id": b("activity_id")}, "/follow_up_activity_id"),
        # Someone with no role in network A (the outsider) cannot be assigned there.
        ({"assignee_user_id": outsider}, "/assignee_user_id"),
    ]
    reflection_fields: list[tuple[dict[str, Any], str]] = [
        ({"activity_id": b("activity_id")}, "/activity_id"),
        ({"organisation_id": b("organisation_id")}, "/organisation_id"),
    ]
    cases: list[tuple[str, str, dict[str, Any], str, Any]] = []
    for fields, pointer in activity_fields:
        cases.append(
            ("POST", "/networks/{network_id}/activities", new_activity | fields, pointer, Activity)
        )
        cases.append(("PATCH", "/activities/{activity_id}", fields, pointer, Activity))
    for fields, pointer in follow_up_fields:
        new = {"title": "Leaky check-in", "due_on": "2026-04-01"} | fields
        cases.append(("POST", "/activities/{activity_id}/follow-ups", new, pointer, FollowUp))
        cases.append(("PATCH", "/follow-ups/{follow_up_id}", fields, pointer, FollowUp))
    for fields, pointer in reflection_fields:
        new = {"body": "Leaky thought"} | fields
        cases.append(("POST", "/networks/{network_id}/reflections", new, pointer, Reflection))
        cases.append(("PATCH", "/reflections/{reflection_id}", fields, pointer, Reflection))
    return cases


async def test_other_networks_ids_in_bodies_answer_404_and_create_nothing(world: World) -> None:
    # Not here: a member's user_id (POST /networks/{id}/members) is not a network's object;
    # giving any existing user a role is what that route is for.
    estate = await build_estate(world)
    network = estate.a("network_id")
    wrong: list[str] = []
    tried = 0
    for caller in (A_COORD, A_WRITE_KEY):
        for method, path, body, pointer, model in body_cases(estate):
            if path == "/reflections/{reflection_id}" and caller.key:
                continue  # only the author (A's coordinator) gets as far as the body: 403
            tried += 1
            read_path = path if method == "PATCH" else None
            before = await _read(estate, read_path) if read_path else None
            count = await _count(world, model, network)
            response = await call(
                estate, caller, method, path, params=estate.ids["A"], body=body, session=None
            )
            if response.status_code != 404 or problem_pointers(response) != [pointer]:
                wrong.append(f"{method} {path} {body} as {caller.name}: {response.text}")
            if await _count(world, model, network) != count:
                wrong.append(f"{method} {path} {body} as {caller.name} created something")
            if read_path and await _read(estate, read_path) != before:
                wrong.append(f"{method} {path} {body} as {caller.name} changed the object")
    assert not wrong, "\n".join(wrong)
    print(f"BOLA: {tried} request bodies with network B's ids")


async def test_list_filters_with_other_networks_ids_find_nothing(world: World) -> None:
    estate = await build_estate(world)
    b = estate.b
    lists = {
        "/networks/{network_id}/activities": {"series_id": b("series_id")},
        "/networks/{network_id}/follow-ups": {"activity_id": b("activity_id")},
        "/networks/{network_id}/reflections": {"activity_id": b("activity_id")},
        "/networks/{network_id}/audit": {"entity_id": b("activity_id")},
    }
    organisation = {"organisation_id": b("organisation_id")}
    async with estate.world.client("coord") as client:
        for path, query in [*lists.items(), ("/networks/{network_id}/activities", organisation)]:
            response = await client.get(API + path.format(**estate.ids["A"]), params=query)
            assert response.status_code == 200, response.text
            assert response.json()["items"] == [], (path, query)


# Fields nobody sets through a PATCH: who owns the row, which tenant it is in, its identity,
# its version, its secrets and privileges. Where a route's own schema declares one of them
# (a membership's role, a user's is_admin) it is that route's purpose, guarded by its rule.
FORBIDDEN: dict[str, Any] = {
    "network_id": "00000000-0000-4000-8000-00000000000b",
    "created_by": "00000000-0000-4000-8000-00000000000c",
    "role": "coordinator",
    "id": "00000000-0000-4000-8000-00000000000d",
    "author_id": "00000000-0000-4000-8000-00000000000e",
    "version": 99,
    "secret": "whsec_attacker",
    "is_admin": True,
}


def _declared_fields(app: Any, path: str) -> set[str]:
    document = app.openapi()
    operation = document["paths"][API + path]["patch"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return set(schema.get("properties", {}))


async def _current(estate: Estate, path: str, who: str) -> Any:
    """The object a PATCH route changes, read back by its owner."""
    async with estate.world.client(who) as client:
        if path == "/memberships/{membership_id}":
            url = f"{API}/networks/{estate.a('network_id')}/members"
            items = (await client.get(url, params={"limit": 200})).json()["items"]
            return next(m for m in items if m["id"] == estate.a("membership_id"))
        if path == "/users/{user_id}":
            items = (await client.get(f"{API}/users", params={"limit": 200})).json()["items"]
            return next(u for u in items if u["id"] == estate.a("user_id"))
        response = await client.get(API + path.format(**estate.ids["A"]))
        assert response.status_code == 200, response.text
        return response.json()


async def test_patch_routes_refuse_fields_nobody_may_set(world: World) -> None:
    estate = await build_estate(world)
    patches = [path for method, path in api_routes(world.app) if method == "PATCH"]
    assert patches
    wrong: list[str] = []
    tried = 0
    for path in patches:
        who = "admin" if path == "/users/{user_id}" else "coord"
        caller = Caller(who, role=3, admin=who == "admin")
        maker = BODIES[("PATCH", path)]
        before = await _current(estate, path, who)
        for name in sorted(set(FORBIDDEN) - _declared_fields(world.app, path)):
            tried += 1
            valid: Body = await maker(estate)
            assert isinstance(valid, dict) and not isinstance(valid, Csv)
            response: httpx.Response = await call(
                estate,
                caller,
                "PATCH",
                path,
                params=estate.ids["A"],
                body={**valid, name: FORBIDDEN[name]},
                session=None,
            )
            if response.status_code != 422 or problem_pointers(response) != [f"/{name}"]:
                wrong.append(f"PATCH {path} with {name}: {response.status_code} {response.text}")
        if await _current(estate, path, who) != before:
            wrong.append(f"PATCH {path} changed the object")
    assert not wrong, "\n".join(wrong)
    print(f"mass assignment: {tried} (PATCH route, field) pairs refused")
