"""SQL for SSO attempts and the sign-in record."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.audit.models import AuditEvent
from services.core.db.types import utcnow, uuid7
from services.core.sso.models import SsoAttempt


async def add_attempt(
    session: AsyncSession,
    *,
    state_hash: str,
    nonce: str,
    code_verifier: str,
    next_path: str,
    expires_at: dt.datetime,
    now: dt.datetime,
) -> None:
    # Abandoned attempts go as new ones come.
    await session.execute(delete(SsoAttempt).where(SsoAttempt.expires_at <= now))
    session.add(
        SsoAttempt(
            state_hash=state_hash,
            nonce=nonce,
            code_verifier=code_verifier,
            next_path=next_path,
            expires_at=expires_at,
        )
    )
    await session.flush()


async def take_attempt(session: AsyncSession, state_hash: str) -> SsoAttempt | None:
    """The attempt with this state, deleted in the same statement so it serves once."""
    row = (
        await session.execute(
            delete(SsoAttempt).where(SsoAttempt.state_hash == state_hash).returning(SsoAttempt)
        )
    ).scalar_one_or_none()
    return row


async def attempt_by_state(session: AsyncSession, state_hash: str) -> SsoAttempt | None:
    return (
        await session.execute(select(SsoAttempt).where(SsoAttempt.state_hash == state_hash))
    ).scalar_one_or_none()


def record_sign_in(session: AsyncSession, user_id: uuid.UUID, email: str, created: bool) -> None:
    session.add(
        AuditEvent(
            id=uuid7(),
            network_id=None,
            actor_type="user",
            actor_id=user_id,
            actor_label=email,
            action="auth.sso_sign_in",
            entity="user",
            entity_id=user_id,
            changes={"created": created},
            at=utcnow(),
        )
    )
