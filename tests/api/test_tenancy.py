"""Cross-network isolation and roles, checked over the app's own route table.

Every route that names a network, or an object inside one, is called by the coordinator of
another network: each must answer 404 with exactly the body a random id gets. A new route
is picked up automatically; if it needs an object or a request body this file does not know
yet, the test fails and says what to add to ``PATH_OBJECTS`` or ``REQUESTS``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from services.core.activities.models import Activity
from services.core.followups.models import FollowUp
from services.core.organisations.models import Organisation
from services.core.reflections.models import Reflection
from services.core.series.models import Series
from tests.builders import (
    activity_body,
    assert_problem,
    assert_unchanged,
    count_rows,
    created,
    make_activity,
    make_api_key,
    make_follow_up,
    make_organisation,
    make_reflection,
    make_series,
    series_body,
)
from tests.support import API, World

# Routes that name no network: the caller's own session, the site-wide lists, operations.
NOT_NETWORK_SCOPED = {
    "login",
    "logout",
    "get_me",
    "get_session_state",
    "list_networks",
    "create_network",
    "list_users",
    "create_user",
    # Users are not in a network; only site admins change them (see test_auth).
    "update_user",
    "healthz",
    "readyz",
    "metrics",
    # The secret token in the path is the credential: it names one person in one network.
    "get_calendar_feed",
    # One's own account and sessions (tests/api/test_account.py).
    "update_me",
    "get_my_notifications",
    "update_my_notifications",
    "list_sessions",
    "end_session",
    "end_other_sessions",
    # The emailed token is the credential (tests/api/test_invitations.py, test_password_reset.py).
    "request_password_reset",
    "get_password_reset",
    "reset_password",
    "get_invitation",
    "accept_invitation",
    # Single sign-on: the sign-in page's button and the provider round trip (tests/sso).
    "get_sso",
    "start_sso",
    "sso_callback",
}

WINDOW = {"from": "2026-01-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}
# What each operation needs besides its path to get past request validation, so that what is
# tested is the tenancy check and not the schema. PATCH defaults to {} and GET/DELETE to
# nothing; every POST must be listed.
REQUESTS: dict[str, dict[str, Any]] = {
    "add_member": {"json": {"email": "member2@example.org", "role": "viewer"}},
    "update_member": {"json": {"role": "viewer"}},
    "create_organisation": {"json": {"name": "Sneaky"}},
    "create_activity": {"json": activity_body(title="Sneaky")},
    "create_series": {"json": series_body(title="Sneaky")},
    "create_follow_up": {"json": {"title": "Sneaky", "due_on": "2026-02-01"}},
    "create_reflection": {"json": {"body": "Sneaky"}},
    "list_series_occurrences": {"params": WINDOW},
    "update_finding": {"json": {"status": "acknowledged"}},
    "create_webhook": {
        "json": {"url": "https://hooks.example.org/drumbeat", "event_types": ["activity.created"]}
    },
    "rotate_webhook_secret": {},
    "test_webhook": {},
    "replay_webhook_delivery": {},
    "create_api_key": {"json": {"name": "Sneaky", "scopes": ["read"]}},
    "import_activities": {
        "content": "title,kind,starts_at,ends_at\n",
        "headers": {"Content-Type": "text/csv"},
    },
    "create_calendar_feed": {},
    "create_invitation": {"json": {"email": "sneaky@example.net", "role": "member"}},
    "resend_invitation": {},
}


@dataclass
class Route:
    method: str
    path: str
    operation_id: str

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    def url(self, ids: dict[str, str]) -> str:
        return self.path.format(**ids)

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.operation_id})"


def network_routes(world: World) -> list[Route]:
    # The OpenAPI document is the app's public route table (the included routers themselves are
    # wrapped by FastAPI in private types): every operation a partner can call is in it.
    routes = []
    for path, item in world.app.openapi()["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if operation["operationId"] not in NOT_NETWORK_SCOPED:
                routes.append(Route(method.upper(), path, operation["operationId"]))
    return routes


@dataclass
class NetworkA:
    """One of everything in network A, made by its members."""

    ids: dict[str, str] = field(default_factory=dict)


async def _finding(world: World, a: NetworkA) -> str:
    # Findings are made by the worker: a held activity long past without a follow-up.
    from services.core.db.engine import create_sessionmaker
    from services.core.findings.detection import run_pass

    async with world.client("member") as client:
        await make_activity(
            client,
            world.networks["A"].id,
            title="Forgotten",
            starts_at="2020-01-01T09:00:00Z",
            ends_at="2020-01-01T17:00:00Z",
        )
    await run_pass(create_sessionmaker(world.engine), dt.datetime.now(dt.UTC))
    async with world.client("coord") as coord:
        found = await coord.get(f"{API}/networks/{world.networks['A'].id}/findings")
    assert found.status_code == 200 and found.json()["items"], found.text
    return str(found.json()["items"][0]["id"])


async def build_network_a(world: World) -> NetworkA:
    a = NetworkA()
    network_id = world.networks["A"].id
    a.ids["network_id"] = str(network_id)
    async with world.client("member") as client:
        org = await make_organisation(client, network_id)
        series = await make_series(client, network_id)
        activity = await make_activity(
            client, network_id, facilitator_ids=[org["id"]], series_id=series["id"]
        )
        follow_up = await make_follow_up(client, activity["id"])
        reflection = await make_reflection(client, network_id)
        members = (await client.get(f"{API}/networks/{network_id}/members")).json()["items"]
    a.ids |= {
        "organisation_id": org["id"],
        "series_id": series["id"],
        "activity_id": activity["id"],
        "follow_up_id": follow_up["id"],
        "reflection_id": reflection["id"],
        "membership_id": next(m["id"] for m in members if m["email"] == "member@example.org"),
    }
    return a


async def _webhook(world: World, a: NetworkA) -> str:
    # Stored directly: registering through the API would resolve the host name, and this
    # sandbox has no DNS. What is tested here is who may reach it, not registration.
    from services.core.db.engine import create_sessionmaker
    from services.core.webhooks.models import WebhookEndpoint

    async with create_sessionmaker(world.engine)() as session, session.begin():
        endpoint = WebhookEndpoint(
            network_id=world.networks["A"].id,
            url="https://hooks.example.org/drumbeat",
            secret="whsec_" + "A" * 32,
            event_types=["activity.created"],
            active=True,
            consecutive_failures=0,
        )
        session.add(endpoint)
        await session.flush()
        return str(endpoint.id)


async def _delivery(world: World, a: NetworkA) -> str:
    from services.core.db.engine import create_sessionmaker
    from services.core.db.types import utcnow
    from services.core.webhooks.models import WebhookDelivery, WebhookEvent

    webhook_id = a.ids.get("webhook_id") or await _webhook(world, a)
    a.ids["webhook_id"] = webhook_id
    async with create_sessionmaker(world.engine)() as session, session.begin():
        event = WebhookEvent(
            network_id=world.networks["A"].id,
            type="activity.created",
            payload={"type": "activity.created", "timestamp": "2026-01-01T00:00:00Z", "data": {}},
        )
        session.add(event)
        await session.flush()
        delivery = WebhookDelivery(
            event_id=event.id,
            endpoint_id=uuid.UUID(webhook_id),
            network_id=world.networks["A"].id,
            event_type="activity.created",
            status="dead",
            attempts=9,
            next_attempt_at=utcnow(),
            log=[],
        )
        session.add(delivery)
        await session.flush()
        return str(delivery.id)


async def _api_key(world: World, a: NetworkA) -> str:
    async with world.client("coord") as client:
        return str((await make_api_key(client, world.networks["A"].id))["id"])


async def _invitation(world: World, a: NetworkA) -> str:
    async with world.client("coord") as client:
        made = await created(
            client,
            f"/networks/{world.networks['A'].id}/invitations",
            {"email": "pending@example.net", "role": "member"},
        )
    return str(made["id"])


# Path parameters whose network-A object is made only when a route asks for it.
PATH_OBJECTS: dict[str, Callable[[World, NetworkA], Awaitable[str]]] = {
    "invitation_id": _invitation,
    "finding_id": _finding,
    "webhook_id": _webhook,
    "delivery_id": _delivery,
    "key_id": _api_key,
}


async def ids_for(world: World, a: NetworkA, route: Route, problems: list[str]) -> dict[str, str]:
    for name in route.params:
        if name not in a.ids and name in PATH_OBJECTS:
            a.ids[name] = await PATH_OBJECTS[name](world, a)
        if name not in a.ids:
            problems.append(f"{route}: no network-A object for {{{name}}}; add it to PATH_OBJECTS")
    return a.ids


async def callable_ids(
    world: World, a: NetworkA, route: Route, problems: list[str]
) -> dict[str, str] | None:
    """The ids to call ``route`` with; None where it cannot be called (problems says why)."""
    ids = await ids_for(world, a, route, problems)
    if any(name not in ids for name in route.params):
        return None
    if route.method == "POST" and route.operation_id not in REQUESTS:
        problems.append(f"{route}: add a valid request body to REQUESTS")
        return None
    return ids


async def note_unless_forbidden(
    world: World, who: str, route: Route, ids: dict[str, str], problems: list[str]
) -> None:
    """``who`` calling ``route`` must get a 403; any other answer goes into problems."""
    async with world.client(who) as client:
        response = await call(client, route, ids)
    if response.status_code != 403:
        problems.append(f"{route}: {who} got {response.status_code}: {response.text[:200]}")


async def call(client: httpx.AsyncClient, route: Route, ids: dict[str, str]) -> httpx.Response:
    extra = REQUESTS.get(route.operation_id, {})
    if "content" in extra:
        return await client.request(
            route.method, route.url(ids), content=extra["content"], headers=extra["headers"]
        )
    json_body = extra.get("json", {} if route.method == "PATCH" else None)
    return await client.request(
        route.method, route.url(ids), json=json_body, params=extra.get("params")
    )


async def snapshot(world: World, a: NetworkA) -> dict[str, Any]:
    """What network A's coordinator and member see of every object (to prove nothing changed)."""
    seen: dict[str, Any] = {}
    async with world.client("member") as member:
        for path in (
            "/networks/{network_id}",
            "/organisations/{organisation_id}",
            "/series/{series_id}",
            "/activities/{activity_id}",
            "/follow-ups/{follow_up_id}",
            "/reflections/{reflection_id}",
            "/networks/{network_id}/members",
        ):
            response = await member.get(API + path.format(**a.ids))
            seen[path] = (response.status_code, response.headers.get("etag"), response.json())
    return seen


async def test_every_network_route_hides_other_networks(world: World) -> None:
    a = await build_network_a(world)
    before = await snapshot(world, a)
    routes = network_routes(world)
    assert len(routes) >= 30, [str(r) for r in routes]
    problems: list[str] = []
    for route in routes:
        ids = await callable_ids(world, a, route, problems)
        if ids is None:
            continue
        random_ids = {name: str(uuid.uuid4()) for name in route.params}
        async with world.client("outsider") as outsider:
            theirs = await call(outsider, route, ids)
            missing = await call(outsider, route, random_ids)
        if theirs.status_code != 404:
            problems.append(f"{route}: outsider got {theirs.status_code}: {theirs.text[:200]}")
        elif missing.status_code != 404 or theirs.json() != missing.json():
            problems.append(
                f"{route}: another network's object answers {theirs.json()} but a missing one "
                f"{missing.status_code} {missing.text[:200]}"
            )
        elif not theirs.headers["content-type"].startswith("application/problem+json"):
            problems.append(f"{route}: 404 is not problem+json")
    assert not problems, "\n".join(problems)
    assert await snapshot(world, a) == before
    assert await count_rows(world, Organisation, name="Sneaky") == 0
    assert await count_rows(world, Activity, title="Sneaky") == 0
    assert await count_rows(world, Series, title="Sneaky") == 0
    assert await count_rows(world, FollowUp, title="Sneaky") == 0
    assert await count_rows(world, Reflection, body="Sneaky") == 0


async def test_the_route_table_is_what_this_file_expects(world: World) -> None:
    # A guard against the check above silently testing nothing.
    operations = {r.operation_id for r in network_routes(world)}
    assert {
        "get_network",
        "update_network",
        "delete_network",
        "list_members",
        "add_member",
        "update_member",
        "remove_member",
        "list_organisations",
        "create_organisation",
        "get_organisation",
        "update_organisation",
        "delete_organisation",
        "list_activities",
        "create_activity",
        "get_activity",
        "update_activity",
        "delete_activity",
        "list_series",
        "create_series",
        "get_series",
        "update_series",
        "delete_series",
        "list_series_occurrences",
        "list_activity_follow_ups",
        "create_follow_up",
        "list_network_follow_ups",
        "get_follow_up",
        "update_follow_up",
        "delete_follow_up",
        "list_reflections",
        "create_reflection",
        "get_reflection",
        "update_reflection",
        "delete_reflection",
    } <= operations


# --- ids inside request bodies ------------------------------------------------------------


@dataclass
class NetworkB:
    organisation: str
    activity: str
    series: str


async def build_network_b(world: World) -> NetworkB:
    async with world.client("outsider") as outsider:
        network_id = world.networks["B"].id
        org = await make_organisation(outsider, network_id, "B's organisation")
        series = await make_series(outsider, network_id, title="B's series")
        activity = await make_activity(outsider, network_id, title="B's activity")
    return NetworkB(org["id"], activity["id"], series["id"])


def sending(
    field_name: str, shape: Callable[[str], Any], body: dict[str, Any]
) -> Callable[[str], dict[str, Any]]:
    """A body maker: ``body`` with ``field_name`` set to the id it is given, shaped."""
    return lambda foreign_id: {**body, field_name: shape(foreign_id)}


async def assert_refused_like_missing(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    make_body: Callable[[str], dict[str, Any]],
    foreign_id: str,
    pointer: str,
) -> None:
    foreign = await client.request(method, url, json=make_body(foreign_id))
    missing = await client.request(method, url, json=make_body(str(uuid.uuid4())))
    assert_problem(foreign, 404, pointer)
    assert foreign.json() == missing.json()


# A field, how an id is put in it (alone or in a list), the foreign id and the error's pointer.
ForeignId = tuple[str, Callable[[str], Any], str, str]


async def assert_foreign_ids_refused(
    client: httpx.AsyncClient,
    create: tuple[str, dict[str, Any]],
    existing: tuple[str, dict[str, Any]],
    change: dict[str, Any],
    cases: list[ForeignId],
) -> None:
    """Each foreign id, in a new object (``create``: its path and body) and in a ``change`` to
    an ``existing`` one (its path and how it reads), is refused exactly as an id that exists
    nowhere would be; the existing object is left as it was."""
    (create_path, create_body), (path, before) = create, existing
    for field_name, shape, foreign_id, pointer in cases:
        for method, url, body in (("POST", create_path, create_body), ("PATCH", path, change)):
            make_body = sending(field_name, shape, body)
            await assert_refused_like_missing(
                client, method, f"{API}{url}", make_body, foreign_id, pointer
            )
    await assert_unchanged(client, path, before)


async def test_ids_of_another_network_in_activity_bodies(world: World) -> None:
    b = await build_network_b(world)
    network_id = world.networks["A"].id
    async with world.client("member") as client:
        mine = await make_activity(client, network_id, title="Mine")
        await assert_foreign_ids_refused(
            client,
            (f"/networks/{network_id}/activities", activity_body(title="Sneaky")),
            (f"/activities/{mine['id']}", mine),
            {"title": "Sneaky"},
            [
                ("facilitator_ids", lambda i: [i], b.organisation, "/facilitator_ids/0"),
                ("participant_ids", lambda i: [i], b.organisation, "/participant_ids/0"),
                ("series_id", str, b.series, "/series_id"),
                ("cascade_of", str, b.activity, "/cascade_of"),
            ],
        )
    assert await count_rows(world, Activity, title="Sneaky") == 0
    async with world.client("outsider") as outsider:
        # B's objects were not touched or linked either.
        theirs = await outsider.get(f"{API}/activities/{b.activity}")
        assert theirs.headers["etag"] == '"1"'


async def test_ids_of_another_network_in_follow_up_bodies(world: World) -> None:
    b = await build_network_b(world)
    outsider_id = str(world.people["outsider"].id)
    async with world.client("member") as client:
        activity = await make_activity(client, world.networks["A"].id)
        follow_up = await make_follow_up(client, activity["id"])
        await assert_foreign_ids_refused(
            client,
            (
                f"/activities/{activity['id']}/follow-ups",
                {"title": "Sneaky", "due_on": "2026-02-01"},
            ),
            (f"/follow-ups/{follow_up['id']}", follow_up),
            {"title": "Sneaky"},
            [
                ("owner_organisation_id", str, b.organisation, "/owner_organisation_id"),
                ("follow_up_activity_id", str, b.activity, "/follow_up_activity_id"),
                ("assignee_user_id", str, outsider_id, "/assignee_user_id"),
            ],
        )
    assert await count_rows(world, FollowUp, title="Sneaky") == 0


async def test_ids_of_another_network_in_reflection_bodies(world: World) -> None:
    b = await build_network_b(world)
    network_id = world.networks["A"].id
    async with world.client("member") as client:
        mine = await make_reflection(client, network_id)
        await assert_foreign_ids_refused(
            client,
            (f"/networks/{network_id}/reflections", {"body": "Sneaky"}),
            (f"/reflections/{mine['id']}", mine),
            {"body": "Sneaky"},
            [
                ("activity_id", str, b.activity, "/activity_id"),
                ("organisation_id", str, b.organisation, "/organisation_id"),
            ],
        )
    assert await count_rows(world, Reflection, body="Sneaky") == 0


async def test_filters_never_reach_into_another_network(world: World) -> None:
    b = await build_network_b(world)
    network_id = world.networks["A"].id
    async with world.client("member") as client:
        await make_activity(client, network_id)
        for params in (
            {"organisation_id": b.organisation},
            {"series_id": b.series},
        ):
            response = await client.get(f"{API}/networks/{network_id}/activities", params=params)
            assert response.status_code == 200 and response.json()["items"] == []
        reflections = await client.get(
            f"{API}/networks/{network_id}/reflections", params={"activity_id": b.activity}
        )
        assert reflections.json()["items"] == []
        follow_ups = await client.get(
            f"{API}/networks/{network_id}/follow-ups", params={"activity_id": b.activity}
        )
        assert follow_ups.json()["items"] == []


async def test_lists_show_only_their_own_network(world: World) -> None:
    await build_network_b(world)
    async with world.client("admin") as admin:
        # Even for a site admin, who sees both networks, a list is one network's.
        for name in ("organisations", "activities", "series"):
            listed = await admin.get(f"{API}/networks/{world.networks['A'].id}/{name}")
            assert listed.status_code == 200 and listed.json()["items"] == [], name


# --- roles --------------------------------------------------------------------------------


# A viewer's own calendar feed is a personal read link, like a sign-in: theirs to make or drop.
VIEWER_MAY = {"create_calendar_feed", "delete_calendar_feed"}


async def test_a_viewer_can_change_nothing(world: World) -> None:
    a = await build_network_a(world)
    before = await snapshot(world, a)
    problems: list[str] = []
    for route in network_routes(world):
        if route.method not in {"POST", "PATCH", "DELETE"} or route.operation_id in VIEWER_MAY:
            continue
        ids = await callable_ids(world, a, route, problems)
        if ids is None:
            continue
        await note_unless_forbidden(world, "viewer", route, ids, problems)
    assert not problems, "\n".join(problems)
    assert await snapshot(world, a) == before
    assert await count_rows(world, Organisation, name="Sneaky") == 0
    assert await count_rows(world, Activity, title="Sneaky") == 0


COORDINATOR_ONLY = {
    "update_network",
    "delete_network",
    "add_member",
    "update_member",
    "remove_member",
    "update_finding",
    "create_invitation",
    "resend_invitation",
    "revoke_invitation",
}


async def test_a_member_cannot_run_the_network(world: World) -> None:
    a = await build_network_a(world)
    before = await snapshot(world, a)
    problems: list[str] = []
    routes = [r for r in network_routes(world) if r.operation_id in COORDINATOR_ONLY]
    assert {r.operation_id for r in routes} >= COORDINATOR_ONLY - {"update_finding"}
    for route in routes:
        ids = await ids_for(world, a, route, problems)
        await note_unless_forbidden(world, "member", route, ids, problems)
    assert not problems, "\n".join(problems)
    assert await snapshot(world, a) == before


async def test_a_coordinator_of_one_network_is_nobody_in_another(world: World) -> None:
    # The outsider coordinates network B; network A's members list stays closed to them.
    a = await build_network_a(world)
    async with world.client("outsider") as outsider:
        response = await outsider.post(
            f"{API}/networks/{a.ids['network_id']}/members",
            json={"user_id": str(world.people["outsider"].id), "role": "coordinator"},
        )
    assert_problem(response, 404)
    async with world.client("coord") as coord:
        members = (await coord.get(f"{API}/networks/{a.ids['network_id']}/members")).json()
    assert "outsider@example.org" not in {m["email"] for m in members["items"]}


async def test_only_the_author_edits_a_reflection(world: World) -> None:
    async with world.client("member") as member:
        reflection = await make_reflection(member, world.networks["A"].id, body="Mine")
    for who, status in (("member2", 403), ("coord", 403), ("viewer", 403), ("outsider", 404)):
        async with world.client(who) as client:
            response = await client.patch(
                f"{API}/reflections/{reflection['id']}", json={"body": "Not yours"}
            )
            assert_problem(response, status)
    async with world.client("member") as member:
        after = await member.get(f"{API}/reflections/{reflection['id']}")
        assert after.json()["body"] == "Mine"
        mine = await member.patch(f"{API}/reflections/{reflection['id']}", json={"body": "Edited"})
    assert mine.status_code == 200


# --- reflection visibility ----------------------------------------------------------------


async def visible_to(world: World, who: str, reflection_id: str) -> tuple[int, bool]:
    """(status of GET, whether the network's list shows it) for one reader."""
    async with world.client(who) as client:
        got = await client.get(f"{API}/reflections/{reflection_id}")
        listed = await client.get(
            f"{API}/networks/{world.networks['A'].id}/reflections", params={"limit": 200}
        )
    in_list = listed.status_code == 200 and reflection_id in {
        r["id"] for r in listed.json()["items"]
    }
    return got.status_code, in_list


async def test_private_reflections_are_seen_by_their_author_only(world: World) -> None:
    async with world.client("member") as member:
        private = await make_reflection(member, world.networks["A"].id, visibility="private")
        missing = await member.get(f"{API}/reflections/{uuid.uuid4()}")
    assert await visible_to(world, "member", private["id"]) == (200, True)
    for who in ("member2", "viewer", "coord", "admin", "outsider"):
        assert await visible_to(world, who, private["id"]) == (404, False), who
        async with world.client(who) as client:
            got = await client.get(f"{API}/reflections/{private['id']}")
            # Not "forbidden": indistinguishable from a reflection that does not exist.
            assert got.json() == missing.json()
            assert_problem(
                await client.patch(f"{API}/reflections/{private['id']}", json={"body": "x"}), 404
            )
            assert_problem(await client.delete(f"{API}/reflections/{private['id']}"), 404)
    async with world.client("coord") as coord:
        listed = await coord.get(
            f"{API}/networks/{world.networks['A'].id}/reflections", params={"visibility": "private"}
        )
        assert listed.json()["items"] == []
    assert await count_rows(world, Reflection) == 1


async def test_coordinator_reflections_are_seen_by_coordinators_and_the_author(
    world: World,
) -> None:
    async with world.client("member") as member:
        shared = await make_reflection(member, world.networks["A"].id, visibility="coordinators")
    for who in ("member", "coord", "admin"):
        assert await visible_to(world, who, shared["id"]) == (200, True), who
    for who in ("member2", "viewer", "outsider"):
        assert await visible_to(world, who, shared["id"]) == (404, False), who


async def test_network_reflections_are_seen_by_the_whole_network_only(world: World) -> None:
    async with world.client("member") as member:
        open_note = await make_reflection(member, world.networks["A"].id)
    for who in ("member", "member2", "viewer", "coord", "admin"):
        assert await visible_to(world, who, open_note["id"]) == (200, True), who
    assert await visible_to(world, "outsider", open_note["id"]) == (404, False)


async def test_an_author_who_leaves_the_network_loses_their_reflections(world: World) -> None:
    async with world.client("member") as member:
        private = await make_reflection(member, world.networks["A"].id, visibility="private")
    async with world.client("coord") as coord:
        members = (await coord.get(f"{API}/networks/{world.networks['A'].id}/members")).json()
        membership = next(m for m in members["items"] if m["email"] == "member@example.org")
        assert (await coord.delete(f"{API}/memberships/{membership['id']}")).status_code == 204
    assert await visible_to(world, "member", private["id"]) == (404, False)
