"""Helpers for building a small world of users, networks and signed-in clients."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.core.accountmail.delivery import deliver_due
from services.core.accountmail.models import AccountEmail
from services.core.common.security import hash_password
from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.networks.models import Membership, Network
from services.core.settings import REPO_ROOT
from services.core.users import service as users
from services.core.users.models import User

PASSWORD = "correct horse battery staple"
# Hashed once: argon2 is deliberately slow, and most tests sign in without a password.
PASSWORD_HASH = hash_password(PASSWORD)
API = "/api/v1"


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    return config


async def migrate_to(url: str, revision: str) -> None:
    # Alembic's env.py runs its own event loop; give it a thread of its own.
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def migrate_down(url: str, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


@contextmanager
def write_lock_held(database_url: str) -> Iterator[None]:
    """SQLite's database-wide write lock, held from outside the app as another process would."""
    other = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


@dataclass
class Person:
    user: User
    token: str
    csrf: str

    @property
    def id(self) -> uuid.UUID:
        return self.user.id


@dataclass
class World:
    """Network A with a coordinator, a member and a viewer; network B with its own coordinator."""

    engine: AsyncEngine
    app: FastAPI
    people: dict[str, Person] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)

    async def add_user(self, name: str, *, admin: bool = False) -> Person:
        async with create_sessionmaker(self.engine)() as session, session.begin():
            return await self._insert_user(session, name, admin=admin)

    async def _insert_user(self, session: AsyncSession, name: str, *, admin: bool) -> Person:
        user = User(
            email=f"{name}@example.org",
            name=name.title(),
            password_hash=PASSWORD_HASH,
            is_admin=admin,
        )
        session.add(user)
        await session.flush()
        signed_in = await users.start_session(session, user, dt.timedelta(hours=1))
        person = Person(user=user, token=signed_in.token, csrf=signed_in.csrf_token)
        self.people[name] = person
        return person

    async def emailed_token(self, to_email: str, kind: str = "invitation") -> str:
        """The token in the newest email of this kind to this address (its link's end).

        An invitation's link is read from the outbox before the worker sends it. A reset link
        exists only once the worker makes it: the worker's account-email stage runs (every
        queued account email is sent, as .eml files) and the link is read from the message.
        """
        if kind == "password_reset":
            return await self._sent_reset_token(to_email)
        async with create_sessionmaker(self.engine)() as session:
            stmt = (
                select(AccountEmail.link)
                .where(
                    AccountEmail.to_email == to_email.lower(),
                    AccountEmail.kind == kind,
                    AccountEmail.status == "pending",
                )
                .order_by(AccountEmail.created_at.desc())
            )
            link = (await session.scalars(stmt)).first()
        assert link, f"no {kind} email queued for {to_email}"
        return link.rsplit("/", 1)[1]

    async def _sent_reset_token(self, to_email: str) -> str:
        with tempfile.TemporaryDirectory() as folder:
            settings = self.app.state.settings.model_copy(
                update={"email_backend": "file", "outbox_dir": Path(folder)}
            )
            await deliver_due(
                create_sessionmaker(self.engine), settings, now=utcnow(), owner="tests"
            )
            texts = await asyncio.to_thread(
                lambda: [path.read_text() for path in Path(folder).glob("*.eml")]
            )
        tokens = [
            match.group(1)
            for text in texts
            if to_email.lower() in text.lower()
            for match in [re.search(r"/reset-password/([A-Za-z0-9_-]+)", text)]
            if match
        ]
        assert len(tokens) == 1, f"expected one reset email to {to_email}, found {len(tokens)}"
        return tokens[0]

    async def add_network(self, key: str, roles: dict[str, str]) -> Network:
        async with create_sessionmaker(self.engine)() as session, session.begin():
            return await self._insert_network(session, key, roles)

    async def _insert_network(
        self, session: AsyncSession, key: str, roles: dict[str, str]
    ) -> Network:
        network = Network(
            name=f"Network {key}",
            slug=f"network-{key.lower()}-{uuid.uuid4().hex[:6]}",
            timezone="UTC",
            reminders_since=utcnow() - dt.timedelta(days=3650),
        )
        session.add(network)
        await session.flush()
        for person, role in roles.items():
            session.add(
                Membership(network_id=network.id, user_id=self.people[person].id, role=role)
            )
        await session.flush()
        self.networks[key] = network
        return network

    async def set_role(self, who: str, network: str, role: str) -> None:
        async with create_sessionmaker(self.engine)() as session, session.begin():
            await session.execute(
                update(Membership)
                .where(
                    Membership.user_id == self.people[who].id,
                    Membership.network_id == self.networks[network].id,
                )
                .values(role=role)
            )

    @asynccontextmanager
    async def client(
        self, who: str | None = None, *, csrf: bool = True
    ) -> AsyncIterator[httpx.AsyncClient]:
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        if who is not None:
            person = self.people[who]
            cookies[self.app.state.settings.session_cookie_name] = person.token
            if csrf:
                headers["X-CSRF-Token"] = person.csrf
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers, cookies=cookies
        ) as client:
            yield client


async def build_world(engine: AsyncEngine, app: FastAPI) -> World:
    world = World(engine=engine, app=app)
    # One transaction for the whole cast: this runs before every test.
    async with create_sessionmaker(engine)() as session, session.begin():
        await world._insert_user(session, "admin", admin=True)
        for name in ("coord", "member", "viewer", "outsider", "member2"):
            await world._insert_user(session, name, admin=False)
        await world._insert_network(
            session,
            "A",
            {"coord": "coordinator", "member": "member", "member2": "member", "viewer": "viewer"},
        )
        await world._insert_network(session, "B", {"outsider": "coordinator"})
    return world


def problem_pointers(response: httpx.Response) -> list[str]:
    return [e.get("pointer", e.get("parameter", "")) for e in response.json().get("errors", [])]
