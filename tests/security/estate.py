"""One object of every kind in network A and in network B, plus the API keys the tests use.

Everything is made through the API, as its owners would (A's coordinator, B's outsider), except
what only the worker makes: findings come from a detection pass, and one webhook delivery is
marked failed so that it can be replayed.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select, update

from services.core.common.security import token_digest
from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.findings.detection import run_pass
from services.core.users import service as users
from services.core.users.models import User, UserSession
from services.core.webhooks.models import WebhookDelivery
from tests.builders import (
    ask_for_reset,
    created,
    make_activity,
    make_calendar_feed,
    make_follow_up,
    make_organisation,
    make_reflection,
    make_series,
)
from tests.support import API, PASSWORD_HASH, World

HOOK_URL = "https://hooks.example.org/drumbeat"


@dataclass
class Estate:
    """The world plus, per network, the id of one object of each kind (by path parameter)."""

    world: World
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def a(self, name: str) -> str:
        return self.ids["A"][name]

    def b(self, name: str) -> str:
        return self.ids["B"][name]

    @asynccontextmanager
    async def as_key(self, key: str) -> AsyncIterator[httpx.AsyncClient]:
        async with self.world.client() as client:
            client.headers["Authorization"] = f"Bearer {self.keys[key]}"
            yield client

    @asynccontextmanager
    async def as_caller(self, caller: str) -> AsyncIterator[httpx.AsyncClient]:
        """A person by name, an API key as key:<name>, or anonymous."""
        if caller.startswith("key:"):
            async with self.as_key(caller.removeprefix("key:")) as client:
                yield client
        elif caller == "anonymous":
            async with self.world.client() as client:
                yield client
        else:
            async with self.world.client(caller) as client:
                yield client

    async def new_user(self, label: str = "someone") -> uuid.UUID:
        """A user with no role anywhere (straight into the database: no argon2 per call)."""
        return (await self.new_account(label)).id

    async def new_account(self, label: str = "someone") -> User:
        async with create_sessionmaker(self.world.engine)() as session, session.begin():
            user = User(
                email=f"{label}-{uuid.uuid4().hex[:10]}@example.org",
                name=label.title(),
                password_hash=PASSWORD_HASH,
            )
            session.add(user)
        return user

    async def session_id(self, token: str) -> uuid.UUID:
        async with create_sessionmaker(self.world.engine)() as session:
            stmt = select(UserSession.id).where(UserSession.token_hash == token_digest(token))
            return (await session.scalars(stmt)).one()

    async def new_session(self, who: str) -> tuple[str, str]:
        """Another signed-in session of a person: (cookie token, csrf token)."""
        async with create_sessionmaker(self.world.engine)() as session, session.begin():
            user = self.world.people[who].user
            signed_in = await users.start_session(session, user, dt.timedelta(hours=1))
        return signed_in.token, signed_in.csrf_token

    async def fail_delivery(self, delivery_id: str) -> None:
        """What the worker does after a receiver keeps failing: replayable again."""
        async with create_sessionmaker(self.world.engine)() as session, session.begin():
            await session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == uuid.UUID(delivery_id))
                .values(status="failed", lease_expires_at=None)
            )


async def _objects(world: World, network: str, owner: str, feed_owner: str) -> dict[str, str]:
    net = str(world.networks[network].id)
    ids: dict[str, str] = {"network_id": net}
    async with world.client(owner) as c:
        org = await make_organisation(c, net, f"Giver {network}")
        other = await make_organisation(c, net, f"Taker {network}")
        series = await make_series(c, net)
        activity = await make_activity(
            c,
            net,
            kind="training",
            facilitator_ids=[org["id"]],
            participant_ids=[other["id"]],
            series_id=series["id"],
        )
        # Held long ago without any follow-up: the detection pass opens a finding for it.
        await make_activity(
            c, net, kind="training", title="Cascade training", cascade_of=activity["id"]
        )
        follow_up = await make_follow_up(
            c,
            activity["id"],
            title="Action plan check-in",
            due_on="2026-02-01",
            owner_organisation_id=org["id"],
            assignee_user_id=str(world.people[owner].id),
        )
        reflection = await make_reflection(
            c, net, activity_id=activity["id"], organisation_id=org["id"], visibility="network"
        )
        webhook = await created(
            c,
            f"/networks/{net}/webhooks",
            {"url": HOOK_URL, "event_types": ["activity.created", "finding.opened"]},
        )
        test = await c.post(f"{API}/webhooks/{webhook['id']}/test")
        assert test.status_code == 202, test.text
        key = await created(c, f"/networks/{net}/api-keys", {"name": "CRM", "scopes": ["read"]})
        members = (await c.get(f"{API}/networks/{net}/members", params={"limit": 200})).json()
    ids.update(
        organisation_id=org["id"],
        activity_id=activity["id"],
        series_id=series["id"],
        follow_up_id=follow_up["id"],
        reflection_id=reflection["id"],
        webhook_id=webhook["id"],
        delivery_id=test.json()["id"],
        key_id=key["id"],
        user_id=str(world.people[feed_owner].id),
    )
    # The membership the tests change: the least powerful one, so that changing it to
    # "viewer" is harmless and no coordinator guard gets in the way.
    ranked = sorted(
        members["items"], key=lambda m: ["viewer", "member", "coordinator"].index(m["role"])
    )
    ids["membership_id"] = ranked[0]["id"]
    async with world.client(feed_owner) as c:
        feed_url = await make_calendar_feed(c, net)
    match = re.search(r"/calendar-feeds/([^/]+)\.ics$", feed_url)
    assert match is not None
    ids["token"] = match.group(1)
    async with world.client(owner) as c:
        # One invitation the matrix resends and revokes, another whose link it follows.
        managed = await created(
            c, f"/networks/{net}/invitations", {"email": f"managed-{network}@example.net"}
        )
        linked = f"linked-{network}@example.net"
        await created(c, f"/networks/{net}/invitations", {"email": linked})
        asked = await ask_for_reset(c, world.people[feed_owner].user.email)
        assert asked.status_code == 202, asked.text
    ids["invitation_id"] = managed["id"]
    # Sessions are a person's own, not a network's: cells that may end one get a fresh one.
    ids["session_id"] = str(uuid.uuid4())
    ids["invitation_token"] = await world.emailed_token(linked)
    ids["reset_token"] = await world.emailed_token(
        world.people[feed_owner].user.email, "password_reset"
    )
    return ids


async def build_estate(world: World) -> Estate:
    estate = Estate(world)
    estate.ids["A"] = await _objects(world, "A", "coord", "member2")
    estate.ids["B"] = await _objects(world, "B", "outsider", "outsider")
    await run_pass(create_sessionmaker(world.engine), utcnow())
    for network, owner in (("A", "coord"), ("B", "outsider")):
        net = estate.ids[network]["network_id"]
        async with world.client(owner) as c:
            findings = (await c.get(f"{API}/networks/{net}/findings")).json()["items"]
        assert findings, f"the detection pass opened no finding in network {network}"
        estate.ids[network]["finding_id"] = findings[0]["id"]
        await estate.fail_delivery(estate.ids[network]["delivery_id"])
    for name, network, owner, scopes in (
        ("read", "A", "coord", ["read"]),
        ("write", "A", "coord", ["read", "write"]),
        ("foreign", "B", "outsider", ["read", "write"]),
    ):
        net = estate.ids[network]["network_id"]
        async with world.client(owner) as c:
            key = await created(c, f"/networks/{net}/api-keys", {"name": name, "scopes": scopes})
        estate.keys[name] = key["key"]
    return estate


def api_routes(app: Any) -> dict[tuple[str, str], int]:
    """Every (method, path under /api/v1) the app serves, from its own route table, with the
    route's success status."""
    from fastapi import routing
    from fastapi.routing import APIRoute

    # FastAPI 0.16x includes routers lazily: app.routes holds the included routers, and
    # iter_route_contexts flattens them into the routes they contribute.
    flatten = getattr(routing, "iter_route_contexts", None)
    contexts = list(flatten(app.routes)) if flatten else list(app.routes)
    found: dict[tuple[str, str], int] = {}
    for context in contexts:
        original = getattr(context, "original_route", context)
        if not isinstance(original, APIRoute) or not context.path.startswith(API + "/"):
            continue
        for method in sorted(context.methods or ()):
            found[(method, context.path.removeprefix(API))] = context.status_code or 200
    return found
