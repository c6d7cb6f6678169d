"""Every API route against every kind of caller, generated from the app's own route table.

RULES says, per (method, path), the least a caller needs. The expected status of each cell
follows from the rule alone:

- a public route answers every caller with its success status;
- no credentials: 401;
- another network's API key on a network-scoped route: 404, as if the object did not exist;
- a person-only route (``person=True``) called with an API key: 403;
- a role (or admin flag) too low: 403;
- otherwise the route's success status. Mutating cells that are allowed run against a fresh
  object (FRESH), so that every cell asserts one exact status.

A route the app serves that RULES does not know fails the suite: a new route needs a rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from tests.builders import activity_body, created, make_calendar_feed, series_body
from tests.security import fixtures
from tests.security.estate import HOOK_URL, Estate, api_routes, build_estate
from tests.support import API, PASSWORD, World

# This module's app: offline webhook resolver, generous key rate limit (see fixtures).
app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

Least = Literal["anonymous", "authenticated", "viewer", "member", "coordinator", "admin"]
LEVEL = {"viewer": 1, "member": 2, "coordinator": 3}


@dataclass(frozen=True)
class Rule:
    """least: anonymous (public), authenticated (any caller), viewer/member/coordinator (that
    role in the route's network), admin (site admins only). scoped: the route acts in one
    network, named by its path. person: API keys may never call it (403)."""

    least: Least
    scoped: bool = False
    person: bool = False


def public(*, person: bool = False) -> Rule:
    """Anyone, signed in or not; with ``person``, API keys are refused (403)."""
    return Rule("anonymous", person=person)


def anyone(*, person: bool = False) -> Rule:
    return Rule("authenticated", person=person)


def admin(*, scoped: bool = False) -> Rule:
    return Rule("admin", scoped=scoped)


def viewer(*, person: bool = False) -> Rule:
    return Rule("viewer", scoped=True, person=person)


def member(*, person: bool = False) -> Rule:
    return Rule("member", scoped=True, person=person)


def coordinator(*, person: bool = False) -> Rule:
    return Rule("coordinator", scoped=True, person=person)


RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/auth/login"): public(),
    ("GET", "/auth/sso"): public(),
    ("GET", "/auth/sso/start"): public(),
    ("GET", "/auth/sso/callback"): public(),
    ("GET", "/auth/session"): public(),
    ("GET", "/auth/me"): anyone(person=True),
    ("POST", "/auth/logout"): anyone(person=True),
    ("PATCH", "/auth/me"): anyone(person=True),
    ("GET", "/auth/sessions"): anyone(person=True),
    ("GET", "/auth/me/notifications"): anyone(person=True),
    ("PATCH", "/auth/me/notifications"): anyone(person=True),
    ("DELETE", "/auth/sessions"): anyone(person=True),
    ("DELETE", "/auth/sessions/{session_id}"): anyone(person=True),
    ("POST", "/auth/password-reset"): public(),
    ("GET", "/auth/password-reset/{reset_token}"): public(),
    ("POST", "/auth/password-reset/{reset_token}"): public(),
    ("GET", "/networks/{network_id}/invitations"): coordinator(person=True),
    ("POST", "/networks/{network_id}/invitations"): coordinator(person=True),
    ("POST", "/invitations/{invitation_id}/resend"): coordinator(person=True),
    ("DELETE", "/invitations/{invitation_id}"): coordinator(person=True),
    ("GET", "/invitations/{invitation_token}"): public(),
    # Accepted by a newcomer (no credentials) or by the signed-in account it was sent to.
    ("POST", "/invitations/{invitation_token}/accept"): public(person=True),
    ("GET", "/users"): admin(),
    ("POST", "/users"): admin(),
    ("PATCH", "/users/{user_id}"): admin(),
    ("GET", "/networks"): anyone(),
    ("POST", "/networks"): admin(),
    ("GET", "/networks/{network_id}"): viewer(),
    ("PATCH", "/networks/{network_id}"): coordinator(),
    ("DELETE", "/networks/{network_id}"): admin(scoped=True),
    ("GET", "/networks/{network_id}/members"): viewer(),
    # By user_id, site admins only: coordinators invite by email (tests/api/test_networks.py).
    ("POST", "/networks/{network_id}/members"): admin(scoped=True),
    ("PATCH", "/memberships/{membership_id}"): coordinator(),
    ("DELETE", "/memberships/{membership_id}"): coordinator(),
    ("GET", "/networks/{network_id}/organisations"): viewer(),
    ("POST", "/networks/{network_id}/organisations"): member(),
    ("GET", "/organisations/{organisation_id}"): viewer(),
    ("PATCH", "/organisations/{organisation_id}"): member(),
    ("DELETE", "/organisations/{organisation_id}"): member(),
    ("GET", "/networks/{network_id}/activities"): viewer(),
    ("POST", "/networks/{network_id}/activities"): member(),
    ("GET", "/activities/{activity_id}"): viewer(),
    ("PATCH", "/activities/{activity_id}"): member(),
    ("DELETE", "/activities/{activity_id}"): member(),
    ("GET", "/networks/{network_id}/series"): viewer(),
    ("POST", "/networks/{network_id}/series"): member(),
    ("GET", "/series/{series_id}"): viewer(),
    ("PATCH", "/series/{series_id}"): member(),
    ("DELETE", "/series/{series_id}"): member(),
    ("GET", "/series/{series_id}/occurrences"): viewer(),
    ("GET", "/activities/{activity_id}/follow-ups"): viewer(),
    ("POST", "/activities/{activity_id}/follow-ups"): member(),
    ("GET", "/networks/{network_id}/follow-ups"): viewer(),
    ("GET", "/follow-ups/{follow_up_id}"): viewer(),
    ("PATCH", "/follow-ups/{follow_up_id}"): member(),
    ("DELETE", "/follow-ups/{follow_up_id}"): member(),
    ("GET", "/networks/{network_id}/reflections"): viewer(),
    ("POST", "/networks/{network_id}/reflections"): member(),
    ("GET", "/reflections/{reflection_id}"): viewer(),
    # Only the author edits; the author or a coordinator deletes. A key is nobody's author.
    ("PATCH", "/reflections/{reflection_id}"): member(person=True),
    ("DELETE", "/reflections/{reflection_id}"): member(person=True),
    ("GET", "/networks/{network_id}/findings"): viewer(),
    ("GET", "/findings/{finding_id}"): viewer(),
    ("PATCH", "/findings/{finding_id}"): coordinator(),
    ("GET", "/networks/{network_id}/webhooks"): coordinator(),
    ("POST", "/networks/{network_id}/webhooks"): coordinator(),
    ("GET", "/webhooks/{webhook_id}"): coordinator(),
    ("PATCH", "/webhooks/{webhook_id}"): coordinator(),
    ("DELETE", "/webhooks/{webhook_id}"): coordinator(),
    ("POST", "/webhooks/{webhook_id}/rotate-secret"): coordinator(),
    ("GET", "/webhooks/{webhook_id}/deliveries"): coordinator(),
    ("POST", "/webhooks/{webhook_id}/test"): coordinator(),
    ("POST", "/webhook-deliveries/{delivery_id}/replay"): coordinator(),
    ("GET", "/networks/{network_id}/insights"): viewer(),
    ("GET", "/networks/{network_id}/activities.csv"): viewer(),
    ("GET", "/networks/{network_id}/follow-ups.csv"): viewer(),
    ("GET", "/networks/{network_id}/findings.csv"): viewer(),
    ("POST", "/networks/{network_id}/activities/import"): member(),
    ("GET", "/networks/{network_id}/calendar.ics"): viewer(),
    # The secret feed URL belongs to a person; a key has nobody to issue it to.
    ("POST", "/networks/{network_id}/calendar-feed"): viewer(person=True),
    ("DELETE", "/networks/{network_id}/calendar-feed"): viewer(person=True),
    ("GET", "/calendar-feeds/{token}.ics"): public(),
    ("GET", "/networks/{network_id}/api-keys"): coordinator(),
    ("POST", "/networks/{network_id}/api-keys"): coordinator(),
    ("GET", "/api-keys/{key_id}"): coordinator(),
    ("DELETE", "/api-keys/{key_id}"): coordinator(),
    ("GET", "/networks/{network_id}/audit"): coordinator(),
}


@dataclass(frozen=True)
class Caller:
    name: str
    role: int = 0  # in network A: 0 none, 1 viewer, 2 member, 3 coordinator
    admin: bool = False
    key: bool = False
    foreign: bool = False  # an API key of network B

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"


CALLERS = [
    Caller("anonymous"),
    Caller("viewer", role=1),
    Caller("member", role=2),
    Caller("coord", role=3),
    Caller("admin", role=3, admin=True),
    Caller("key:read", role=1, key=True),
    Caller("key:write", role=2, key=True),
    Caller("key:foreign", key=True, foreign=True),
]


def expected_status(rule: Rule, caller: Caller, success: int) -> int:
    if rule.least == "anonymous":
        return 403 if rule.person and caller.key else success
    if caller.anonymous:
        return 401
    if caller.foreign and rule.scoped:
        return 404
    if rule.person and caller.key:
        return 403
    if rule.least == "admin":
        return success if caller.admin else 403
    if rule.least == "authenticated":
        return success
    assert rule.scoped, rule
    return success if caller.role >= LEVEL[rule.least] else 403


@dataclass(frozen=True)
class Csv:
    text: str


Body = dict[str, Any] | Csv | None
BodyMaker = Callable[[Estate], Awaitable[Body]]


def unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}"


def const(body: Body) -> BodyMaker:
    async def make(_: Estate) -> Body:
        return body

    return make


# The matrix's own bodies, distinct from the estate's objects. Status and kind are the
# server's defaults, spelled out: the shared builders default to other values.
MATRIX_ACTIVITY: dict[str, Any] = {
    "title": "Budget tracking training",
    "kind": "training",
    "status": "planned",
    "starts_at": "2026-03-10T08:00:00Z",
    "ends_at": "2026-03-10T16:00:00Z",
}
MATRIX_SERIES: dict[str, Any] = {
    "title": "Annual network meeting",
    "kind": "network_meeting",
    "rrule": "FREQ=YEARLY;BYMONTH=3",
    "dtstart": "2026-03-10T09:00:00",
    "timezone": "Africa/Nairobi",
}


def matrix_activity() -> dict[str, Any]:
    return activity_body(**MATRIX_ACTIVITY)


def matrix_series() -> dict[str, Any]:
    return series_body(**MATRIX_SERIES)


async def _new_user_body(_: Estate) -> Body:
    return {"email": f"{unique('new')}@example.org", "password": "a long password", "name": "New"}


async def _new_network_body(_: Estate) -> Body:
    return {"name": "Network C", "slug": unique("network-c")}


async def _organisation_body(_: Estate) -> Body:
    # Names are unique within a network.
    return {"name": unique("Wemos")}


async def _member_body(estate: Estate) -> Body:
    return {"user_id": str(await estate.new_user()), "role": "viewer"}


NEW_PASSWORD = "a fresh passphrase for the matrix"


async def _reset_request_body(_: Estate) -> Body:
    return {"email": f"{unique('forgetful')}@example.org"}


async def _invitation_body(_: Estate) -> Body:
    return {"email": f"{unique('invited')}@example.net", "role": "member"}


IMPORT_CSV = (
    "title,kind,status,starts_at,ends_at\r\n"
    "Imported training,training,held,2026-02-01T08:00:00Z,2026-02-01T16:00:00Z\r\n"
)

# A valid minimal body per mutating route (the denied cells send it too: a refusal must not
# depend on the body being wrong).
BODIES: dict[tuple[str, str], BodyMaker] = {
    ("POST", "/auth/login"): const({"email": "coord@example.org", "password": PASSWORD}),
    ("POST", "/users"): _new_user_body,
    ("PATCH", "/users/{user_id}"): const({"name": "Renamed by the matrix"}),
    ("POST", "/networks"): _new_network_body,
    ("PATCH", "/networks/{network_id}"): const({"description": "Changed by the matrix"}),
    ("POST", "/networks/{network_id}/members"): _member_body,
    ("PATCH", "/memberships/{membership_id}"): const({"role": "viewer"}),
    ("POST", "/networks/{network_id}/organisations"): _organisation_body,
    ("PATCH", "/organisations/{organisation_id}"): const({"name": "Wemos (renamed)"}),
    ("POST", "/networks/{network_id}/activities"): const(matrix_activity()),
    ("PATCH", "/activities/{activity_id}"): const({"title": "Renamed visit"}),
    ("POST", "/networks/{network_id}/series"): const(matrix_series()),
    ("PATCH", "/series/{series_id}"): const({"title": "Renamed meeting"}),
    ("POST", "/activities/{activity_id}/follow-ups"): const(
        {"title": "Coaching call", "due_on": "2026-04-01"}
    ),
    ("PATCH", "/follow-ups/{follow_up_id}"): const({"notes": "Moved to the next visit"}),
    ("POST", "/networks/{network_id}/reflections"): const({"body": "Whose knowledge counted?"}),
    ("PATCH", "/reflections/{reflection_id}"): const({"body": "Whose knowledge counted, really?"}),
    ("PATCH", "/findings/{finding_id}"): const({"status": "acknowledged"}),
    ("POST", "/networks/{network_id}/webhooks"): const(
        {"url": HOOK_URL, "event_types": ["activity.created"]}
    ),
    ("PATCH", "/webhooks/{webhook_id}"): const(
        {"event_types": ["activity.created", "finding.opened"]}
    ),
    ("POST", "/networks/{network_id}/activities/import"): const(Csv(IMPORT_CSV)),
    ("POST", "/networks/{network_id}/api-keys"): const({"name": "Matrix", "scopes": ["read"]}),
    ("PATCH", "/auth/me"): const({"timezone": "Africa/Dakar"}),
    ("PATCH", "/auth/me/notifications"): const({"items": []}),
    ("POST", "/auth/password-reset"): _reset_request_body,
    ("POST", "/auth/password-reset/{reset_token}"): const({"password": NEW_PASSWORD}),
    ("POST", "/networks/{network_id}/invitations"): _invitation_body,
    ("POST", "/invitations/{invitation_token}/accept"): const(
        {"name": "Newcomer", "password": NEW_PASSWORD}
    ),
}

QUERIES: dict[tuple[str, str], dict[str, str]] = {
    ("GET", "/series/{series_id}/occurrences"): {
        "from": "2026-01-01T00:00:00Z",
        "to": "2026-12-31T00:00:00Z",
    },
}


@dataclass
class Fresh:
    """What an allowed mutating cell runs against instead of the shared object."""

    params: dict[str, str] = field(default_factory=dict)
    session: tuple[str, str] | None = None  # another (cookie, csrf) of the same person


FreshMaker = Callable[[Estate, Caller], Awaitable[Fresh]]


async def _as_coord(estate: Estate, url: str, body: dict[str, Any]) -> dict[str, Any]:
    async with estate.world.client("coord") as c:
        return await created(c, url, body)


def fresh_child(param: str, url: str, body: Callable[[], dict[str, Any]]) -> FreshMaker:
    """A new object made by A's coordinator under a collection of network A."""

    async def make(estate: Estate, _: Caller) -> Fresh:
        made = await _as_coord(estate, url.format(**estate.ids["A"]), body())
        return Fresh({param: made["id"]})

    return make


async def _fresh_session(estate: Estate, caller: Caller) -> Fresh:
    return Fresh(session=await estate.new_session(caller.name))


async def _fresh_network(estate: Estate, _: Caller) -> Fresh:
    async with estate.world.client("admin") as c:
        made = await created(c, "/networks", await _new_network_body(estate))  # type: ignore[arg-type]
    return Fresh({"network_id": made["id"]})


async def _fresh_membership(estate: Estate, _: Caller) -> Fresh:
    body = await _member_body(estate)
    async with estate.world.client("admin") as c:
        made = await created(c, f"/networks/{estate.a('network_id')}/members", body)  # type: ignore[arg-type]
    return Fresh({"membership_id": made["id"]})


async def _another_own_session(estate: Estate, caller: Caller) -> Fresh:
    """A second session of the caller, for the caller to end."""
    if caller.anonymous or caller.key:
        return Fresh({"session_id": str(uuid.uuid4())})
    token, _ = await estate.new_session(caller.name)
    return Fresh({"session_id": str(await estate.session_id(token))})


async def _fresh_reset(estate: Estate, _: Caller) -> Fresh:
    account = await estate.new_account("forgetful")
    async with estate.world.client() as c:
        asked = await c.post(f"{API}/auth/password-reset", json={"email": account.email})
    assert asked.status_code == 202, asked.text
    return Fresh({"reset_token": await estate.world.emailed_token(account.email, "password_reset")})


async def _invitation_for(estate: Estate, caller: Caller) -> Fresh:
    """An invitation meant for the caller: to a new address for a newcomer (anonymous), or
    to the caller's own address, in a network of their own not being in it yet."""
    world = estate.world
    async with world.client("admin") as c:
        network = await created(c, "/networks", await _new_network_body(estate))  # type: ignore[arg-type]
        if caller.anonymous or caller.key:
            email = f"{unique('newcomer')}@example.net"
        else:
            email = world.people[caller.name].user.email
        await created(c, f"/networks/{network['id']}/invitations", {"email": email})
    return Fresh({"invitation_token": await world.emailed_token(email)})


async def _own_reflection(estate: Estate, caller: Caller) -> Fresh:
    async with estate.as_caller(caller.name) as c:
        made = await created(
            c, f"/networks/{estate.a('network_id')}/reflections", {"body": "Mine to change"}
        )
    return Fresh({"reflection_id": made["id"]})


async def _failed_delivery(estate: Estate, _: Caller) -> Fresh:
    await estate.fail_delivery(estate.a("delivery_id"))
    return Fresh()


async def _own_feed(estate: Estate, caller: Caller) -> Fresh:
    async with estate.as_caller(caller.name) as c:
        await make_calendar_feed(c, estate.a("network_id"))
    return Fresh()


FRESH: dict[tuple[str, str], FreshMaker] = {
    ("POST", "/auth/logout"): _fresh_session,
    ("DELETE", "/auth/sessions/{session_id}"): _another_own_session,
    ("POST", "/auth/password-reset/{reset_token}"): _fresh_reset,
    ("POST", "/invitations/{invitation_token}/accept"): _invitation_for,
    ("DELETE", "/invitations/{invitation_id}"): fresh_child(
        "invitation_id",
        "/networks/{network_id}/invitations",
        lambda: {"email": f"{unique('doomed')}@example.net"},
    ),
    ("DELETE", "/networks/{network_id}"): _fresh_network,
    ("DELETE", "/memberships/{membership_id}"): _fresh_membership,
    ("DELETE", "/organisations/{organisation_id}"): fresh_child(
        "organisation_id",
        "/networks/{network_id}/organisations",
        lambda: {"name": unique("Doomed")},
    ),
    ("DELETE", "/activities/{activity_id}"): fresh_child(
        "activity_id", "/networks/{network_id}/activities", matrix_activity
    ),
    ("DELETE", "/series/{series_id}"): fresh_child(
        "series_id", "/networks/{network_id}/series", matrix_series
    ),
    ("DELETE", "/follow-ups/{follow_up_id}"): fresh_child(
        "follow_up_id",
        "/activities/{activity_id}/follow-ups",
        lambda: {"title": "Doomed", "due_on": "2026-05-01"},
    ),
    ("PATCH", "/reflections/{reflection_id}"): _own_reflection,
    ("DELETE", "/reflections/{reflection_id}"): _own_reflection,
    ("DELETE", "/webhooks/{webhook_id}"): fresh_child(
        "webhook_id",
        "/networks/{network_id}/webhooks",
        lambda: {"url": HOOK_URL, "event_types": ["finding.opened"]},
    ),
    ("POST", "/webhook-deliveries/{delivery_id}/replay"): _failed_delivery,
    ("DELETE", "/networks/{network_id}/calendar-feed"): _own_feed,
    ("DELETE", "/api-keys/{key_id}"): fresh_child(
        "key_id", "/networks/{network_id}/api-keys", lambda: {"name": "Doomed", "scopes": ["read"]}
    ),
}


async def call(
    estate: Estate,
    caller: Caller,
    method: str,
    path: str,
    *,
    params: dict[str, str],
    body: Body,
    session: tuple[str, str] | None,
) -> httpx.Response:
    world = estate.world
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if caller.key:
        headers["Authorization"] = f"Bearer {estate.keys[caller.name.removeprefix('key:')]}"
    elif not caller.anonymous:
        person = world.people[caller.name]
        token, csrf = session or (person.token, person.csrf)
        cookies[world.app.state.settings.session_cookie_name] = token
        headers["X-CSRF-Token"] = csrf
    url = API + path.format(**params)
    query = QUERIES.get((method, path))
    transport = httpx.ASGITransport(app=world.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers, cookies=cookies
    ) as client:
        if isinstance(body, Csv):
            return await client.request(
                method, url, content=body.text, headers={"Content-Type": "text/csv"}
            )
        return await client.request(method, url, json=body, params=query)


def test_every_route_has_a_rule(app: Any) -> None:
    served = set(api_routes(app))
    assert served - set(RULES) == set(), "routes without a rule in RULES (add one)"
    assert set(RULES) - served == set(), "rules for routes the app no longer serves"
    assert set(BODIES) <= served and set(FRESH) <= served and set(QUERIES) <= served


async def test_route_by_caller_matrix(world: World) -> None:
    estate = await build_estate(world)
    routes = api_routes(world.app)
    assert set(routes) == set(RULES)
    mismatches: list[str] = []
    cells = 0
    for (method, path), success in routes.items():
        rule = RULES[(method, path)]
        for caller in CALLERS:
            cells += 1
            expected = expected_status(rule, caller, success)
            params = dict(estate.ids["A"])
            session = None
            if 200 <= expected < 300 and (method, path) in FRESH:
                fresh = await FRESH[(method, path)](estate, caller)
                params.update(fresh.params)
                session = fresh.session
            maker = BODIES.get((method, path))
            body = await maker(estate) if maker else None
            response = await call(
                estate, caller, method, path, params=params, body=body, session=session
            )
            if response.status_code != expected:
                mismatches.append(
                    f"{method} {path} as {caller.name}: expected {expected}, "
                    f"got {response.status_code} {response.text[:200]}"
                )
    print(f"route x caller matrix: {len(routes)} routes x {len(CALLERS)} callers = {cells} cells")
    assert cells == len(RULES) * len(CALLERS)
    assert not mismatches, "\n".join(mismatches)
