"""Users, sign-in sessions and the principal a request acts as."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.common.authz import Principal, Role
from services.core.common.errors import Conflict, NotAuthenticated, NotFound
from services.core.common.i18n import spoken
from services.core.common.pagination import Page, paginate
from services.core.common.security import Passwords, new_token, token_digest
from services.core.common.text import one_line
from services.core.db import dialect
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.users import repository as repo
from services.core.users.models import SessionMethod, User, UserSession
from services.core.users.schemas import (
    MembershipSummary,
    SessionRead,
    UserCreate,
    UserRead,
    UserUpdate,
)


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str
    csrf_token: str
    expires_at: dt.datetime


async def create_user(session: AsyncSession, data: UserCreate, passwords: Passwords) -> User:
    # Hashed before the first query, which (on SQLite) takes the database's write lock.
    password_hash = await passwords.hash(data.password)
    if await repo.by_email(session, data.email) is not None:
        raise Conflict("A user with this email already exists.")
    user = User(
        email=data.email.lower(),
        name=data.name,
        password_hash=password_hash,
        is_admin=data.is_admin,
    )
    session.add(user)
    await session.flush()
    return user


async def add_user(session: AsyncSession, data: UserCreate, passwords: Passwords) -> UserRead:
    """``create_user`` as the API answers it."""
    return UserRead.model_validate(await create_user(session, data, passwords))


def session_read(user: User, csrf: str, roles: dict[uuid.UUID, Role]) -> SessionRead:
    return SessionRead(
        user=UserRead.model_validate(user),
        csrf_token=csrf,
        memberships=[
            MembershipSummary(network_id=nid, role=role.name) for nid, role in roles.items()
        ],
    )


async def list_users(session: AsyncSession, *, limit: int, cursor: str | None) -> Page[UserRead]:
    page = await paginate(
        session, repo.listing(), [User.email, User.id], limit=limit, cursor=cursor
    )
    return page.map(UserRead.model_validate)


async def update_user(
    session: AsyncSession, user_id: uuid.UUID, data: UserUpdate, passwords: Passwords
) -> UserRead:
    """Changes a user. A new password or deactivation ends the user's sessions and calendar
    feed URLs for good (reactivating does not bring them back); the last active site admin
    keeps both flags."""
    changes = data.changes()
    # Hashed before the first query, which (on SQLite) takes the database's write lock.
    if "password" in changes:
        changes["password_hash"] = await passwords.hash(changes.pop("password"))
    user = await repo.by_id(session, user_id)
    if user is None:
        raise NotFound("user")
    if changes.get("is_admin") is False or changes.get("is_active") is False:
        await _keep_an_admin(session, user)
    if "password_hash" in changes or changes.get("is_active") is False:
        await repo.end_access(session, user.id)
    for name, value in changes.items():
        setattr(user, name, value)
    await session.flush()
    return UserRead.model_validate(user)


async def _keep_an_admin(session: AsyncSession, user: User) -> None:
    # Locked, so two admins demoting each other at once cannot both see the other remain.
    admins = await repo.lock_active_admins(session)
    if user.id in admins and len(admins) <= 1:
        raise Conflict("This is the last active site admin; make another user a site admin first.")


async def account_of(session: AsyncSession, email: str) -> User | None:
    """Whoever signs in with this email, for ``check_password``."""
    return await repo.by_email(session, email)


async def check_password(user: User | None, password: str, passwords: Passwords) -> User:
    """The user, if active and the password is theirs; one answer for every kind of mismatch.

    Needs no session: the slow hash must not hold a database connection while it runs.
    """
    # An empty hash (an account that signs in only by single sign-on) matches no password.
    ok = await passwords.verify(user.password_hash if user else None, password)
    ok = ok and bool(user and user.password_hash)
    if user is None or not ok or not user.is_active:
        raise NotAuthenticated("The email or password is not correct.")
    return user


async def start_session(
    session: AsyncSession,
    user: User,
    ttl: dt.timedelta,
    *,
    user_agent: str = "",
    accept_language: str | None = None,
    method: SessionMethod = "password",
) -> SignedIn:
    """A new session for ``user``; the browser's Accept-Language is kept as the language to
    write to them in while they have not chosen one."""
    token, csrf = new_token(), new_token()
    now = utcnow()
    browser = spoken(accept_language)
    if browser is not None and browser != user.browser_language:
        # ``user`` may come from another session (sign-in checks the password apart).
        await repo.set_browser_language(session, user.id, browser)
        user.browser_language = browser
    await repo.purge_expired_sessions(session, now)
    session.add(
        UserSession(
            token_hash=token_digest(token),
            csrf_token=csrf,
            user_id=user.id,
            expires_at=now + ttl,
            last_seen_at=now,
            user_agent=one_line(user_agent)[:300],
            method=method,
        )
    )
    await session.flush()
    return SignedIn(user=user, token=token, csrf_token=csrf, expires_at=now + ttl)


async def sign_out(session: AsyncSession, token: str) -> None:
    await repo.delete_session(session, token_digest(token))


SEEN_EVERY = dt.timedelta(minutes=5)


def needs_touch(last_seen_at: dt.datetime, now: dt.datetime) -> bool:
    return now - last_seen_at >= SEEN_EVERY


async def touch_session(
    sessionmaker: async_sessionmaker[AsyncSession],
    session_id: uuid.UUID,
    now: dt.datetime,
    *,
    wait: bool,
) -> None:
    """Notes that the session was used, now and then, in a transaction of its own; without
    ``wait``, only if that needs no waiting for the write lock (it can be noted next time)."""
    try:
        async with unit_of_work(sessionmaker, wait=wait) as session:
            await repo.touch_session(session, session_id, now)
    except DBAPIError as exc:
        if wait or not dialect.is_busy(exc):
            raise


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    user: User
    csrf_token: str
    session_id: uuid.UUID
    last_seen_at: dt.datetime
    expires_at: dt.datetime


async def roles(session: AsyncSession, user_id: uuid.UUID) -> dict[uuid.UUID, Role]:
    return {nid: Role.parse(role) for nid, role in await repo.roles_of(session, user_id)}


async def authenticate_session(session: AsyncSession, token: str) -> Authenticated:
    found = await repo.live_session(session, token_digest(token), utcnow())
    if found is None:
        raise NotAuthenticated("The session has expired; sign in again.")
    user_session, user = found
    roles = {
        network_id: Role.parse(role) for network_id, role in await repo.roles_of(session, user.id)
    }
    principal = Principal(user_id=user.id, is_admin=user.is_admin, roles=roles)
    return Authenticated(
        principal=principal,
        user=user,
        csrf_token=user_session.csrf_token,
        session_id=user_session.id,
        last_seen_at=user_session.last_seen_at,
        expires_at=user_session.expires_at,
    )
