"""A person's own account: resetting a forgotten password, changing it, their sessions.

A reset is asked for by someone who is not signed in, so its answer never says whether the
address has an account; the link goes to the address, and only its holder can use it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail import service as outbox
from services.core.accountmail.models import AccountEmail
from services.core.audit.recorder import Actor, record_event, set_actor
from services.core.common.errors import NotFound, ValidationFailed
from services.core.common.pagination import paginate
from services.core.common.schema import Page
from services.core.common.security import Passwords, new_token, token_digest
from services.core.settings import Settings
from services.core.users import repository as repo
from services.core.users.models import PasswordReset, User, UserSession
from services.core.users.schemas import MeUpdate, PasswordResetPreview, SessionInfo

RESET_ANSWER = (
    "If an account exists for this address, an email with a link to choose a new password "
    "is on its way. The link works once, for a limited time."
)


def actor_of(user: User) -> Actor:
    return Actor("user", user.id, user.email)


async def request_reset(session: AsyncSession, email: str, now: dt.datetime) -> None:
    """Queues the request; the worker looks the address up and, if an active account has it,
    makes the link and sends it. The request does the same work whether or not the address
    has an account, so neither its answer nor its timing tells the two apart."""
    outbox.request(session, kind="password_reset", to_email=email.lower(), now=now)


async def prepare_reset(
    session: AsyncSession, email: AccountEmail, settings: Settings, now: dt.datetime
) -> str | None:
    """For the worker: the link to send for a queued reset request, with a fresh token whose
    digest alone is stored; None when no active account has the address (nothing is sent)."""
    user = await repo.by_email(session, email.to_email)
    if user is None or not user.is_active:
        return None
    await repo.retire_resets(session, user.id, now)
    token = new_token()
    reset = PasswordReset(
        token_hash=token_digest(token),
        user_id=user.id,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.password_reset_ttl_minutes),
    )
    session.add(reset)
    await session.flush()
    email.subject_id = reset.id
    email.to_name, email.language = user.name, user.reads
    email.context = {"expires_at": reset.expires_at.isoformat(), "timezone": user.timezone}
    return f"{settings.public_url.rstrip('/')}/reset-password/{token}"


async def preview_reset(
    session: AsyncSession, token: str, now: dt.datetime
) -> PasswordResetPreview:
    found = await repo.live_reset(session, token_digest(token), now)
    if found is None:
        raise NotFound("password reset link")
    reset, user = found
    return PasswordResetPreview(email=user.email, expires_at=reset.expires_at)


async def complete_reset(
    session: AsyncSession, token: str, password: str, passwords: Passwords, now: dt.datetime
) -> User:
    """Sets the new password; the link is used up and every session of the user ends."""
    # Hashed before the first query, which (on SQLite) takes the database's write lock.
    password_hash = await passwords.hash(password)
    found = await repo.live_reset(session, token_digest(token), now, lock=True)
    if found is None:
        raise NotFound("password reset link")
    reset, user = found
    set_actor(session, actor_of(user))
    reset.used_at = now
    await repo.retire_resets(session, user.id, now)
    await outbox.cancel(session, reset.id)
    user.password_hash = password_hash
    await repo.end_access(session, user.id)
    record_event(session, actor_of(user), "password_reset", "user", user.id)
    await session.flush()
    return user


async def update_me(
    session: AsyncSession,
    me: User,
    current_session: uuid.UUID,
    data: MeUpdate,
    passwords: Passwords,
) -> User:
    """``me`` is the caller as authenticated (loaded apart from ``session``)."""
    changes = data.changes()
    new_password = changes.pop("password", None)
    given = changes.pop("current_password", None)
    password_hash = None
    # Both slow hashes run before the first query, which (on SQLite) takes the write lock.
    if new_password is not None:
        if given is None:
            raise ValidationFailed(
                "/current_password", "Enter your current password too.", "current_password_required"
            )
        if not me.password_hash or not await passwords.verify(me.password_hash, given):
            raise ValidationFailed(
                "/current_password", "This is not your current password.", "current_password_wrong"
            )
        password_hash = await passwords.hash(new_password)
    user = await repo.by_id(session, me.id)
    if user is None:
        raise NotFound("user")
    if password_hash is not None:
        user.password_hash = password_hash
        await repo.delete_other_sessions(session, user.id, keep=current_session)
        record_event(session, actor_of(user), "password_change", "user", user.id)
    for name, value in changes.items():
        setattr(user, name, value)
    await session.flush()
    return user


def _info(row: UserSession, current: uuid.UUID) -> SessionInfo:
    return SessionInfo(
        id=row.id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        user_agent=row.user_agent,
        method=row.method,
        current=row.id == current,
    )


async def list_sessions(
    session: AsyncSession,
    user_id: uuid.UUID,
    current: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    now: dt.datetime,
) -> Page[SessionInfo]:
    rows = await paginate(
        session,
        repo.sessions_of(user_id, now),
        [UserSession.created_at, UserSession.id],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return Page(items=[_info(r, current) for r in rows.items], next_cursor=rows.next_cursor)


async def end_session(session: AsyncSession, user: User, session_id: uuid.UUID) -> None:
    if not await repo.delete_user_session(session, user.id, session_id):
        raise NotFound("session")
    record_event(session, actor_of(user), "end", "session", session_id)


async def end_other_sessions(session: AsyncSession, user: User, current: uuid.UUID) -> int:
    ended = await repo.delete_other_sessions(session, user.id, keep=current)
    record_event(
        session, actor_of(user), "end_others", "session", current, changes={"ended": ended}
    )
    return ended
