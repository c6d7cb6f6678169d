from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.callercache import BOOKKEEPING
from services.core.exchange.models import CalendarFeed
from services.core.networks.models import Membership
from services.core.users.models import PasswordReset, User, UserSession


async def by_email(session: AsyncSession, email: str) -> User | None:
    stmt = select(User).where(func.lower(User.email) == email.lower())
    return (await session.scalars(stmt)).first()


async def by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


def listing() -> Select[User]:
    return select(User)


async def live_session(
    session: AsyncSession, token_hash: str, now: dt.datetime
) -> tuple[UserSession, User] | None:
    stmt = (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash, UserSession.expires_at > now, User.is_active)
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def roles_of(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    stmt = select(Membership.network_id, Membership.role).where(Membership.user_id == user_id)
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(UserSession).where(UserSession.token_hash == token_hash))


async def purge_expired_sessions(session: AsyncSession, now: dt.datetime) -> None:
    await session.execute(delete(UserSession).where(UserSession.expires_at <= now))


async def lock_active_admins(session: AsyncSession) -> list[uuid.UUID]:
    """The active site admins, locked until the transaction ends (on PostgreSQL; SQLite lets
    one writer at a time in anyway), in id order so that two lockers cannot deadlock."""
    stmt = select(User.id).where(User.is_admin, User.is_active).order_by(User.id).with_for_update()
    return list((await session.scalars(stmt)).all())


async def end_access(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Deletes the user's sessions and calendar feed tokens: nothing brings them back."""
    await session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    await session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))


async def live_reset(
    session: AsyncSession, token_hash: str, now: dt.datetime, *, lock: bool = False
) -> tuple[PasswordReset, User] | None:
    stmt = (
        select(PasswordReset, User)
        .join(User, User.id == PasswordReset.user_id)
        .where(
            PasswordReset.token_hash == token_hash,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
            User.is_active,
        )
    )
    if lock:
        stmt = stmt.with_for_update(of=PasswordReset)
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def retire_resets(session: AsyncSession, user_id: uuid.UUID, now: dt.datetime) -> None:
    """Marks every unused reset link of the user as used: only the newest may work."""
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def sessions_of(user_id: uuid.UUID, now: dt.datetime) -> Select[UserSession]:
    return select(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at > now)


async def delete_user_session(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID
) -> bool:
    result = await session.execute(
        delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def delete_other_sessions(session: AsyncSession, user_id: uuid.UUID, keep: uuid.UUID) -> int:
    result = await session.execute(
        delete(UserSession).where(UserSession.user_id == user_id, UserSession.id != keep)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def touch_session(session: AsyncSession, session_id: uuid.UUID, now: dt.datetime) -> None:
    await session.execute(
        update(UserSession)
        .where(UserSession.id == session_id)
        .values(last_seen_at=now)
        .execution_options(**{BOOKKEEPING: True})
    )


async def set_browser_language(session: AsyncSession, user_id: uuid.UUID, language: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(browser_language=language))
