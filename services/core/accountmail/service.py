"""Queueing account emails: invitation and password-reset links, and assignment notices."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail import repository as repo
from services.core.accountmail.models import AccountEmail, AccountEmailKind
from services.core.db.types import uuid7


async def enqueue(
    session: AsyncSession,
    *,
    kind: AccountEmailKind,
    subject_id: uuid.UUID,
    to_email: str,
    to_name: str,
    language: str,
    link: str,
    expires_at: dt.datetime,
    timezone: str = "UTC",
    context: dict[str, Any] | None = None,
) -> None:
    """Queues one email in the caller's transaction; an older unsent one about the same
    invitation or reset is cancelled, since its link no longer works."""
    await repo.cancel_for(session, subject_id)
    session.add(
        AccountEmail(
            kind=kind,
            subject_id=subject_id,
            to_email=to_email,
            to_name=to_name,
            language=language,
            link=link,
            context={**(context or {}), "expires_at": expires_at.isoformat(), "timezone": timezone},
        )
    )


async def notify_assignee(
    session: AsyncSession,
    *,
    follow_up_id: uuid.UUID,
    assignee_id: uuid.UUID,
    to_email: str,
    to_name: str,
    language: str,
    assigned_by: str,
) -> None:
    """Queues the notice that tells someone a follow-up is theirs, in the caller's
    transaction. The worker writes it from the follow-up as it is when the email goes, and
    drops it if the follow-up is no longer theirs or no longer planned."""
    await repo.cancel_for(session, follow_up_id)
    session.add(
        AccountEmail(
            kind="follow_up_assigned",
            subject_id=follow_up_id,
            to_email=to_email,
            to_name=to_name,
            language=language,
            context={"assignee_id": str(assignee_id), "assigned_by": assigned_by},
        )
    )


def request(
    session: AsyncSession, *, kind: AccountEmailKind, to_email: str, now: dt.datetime
) -> None:
    """Queues an email the worker composes from scratch (a reset link it makes itself)."""
    session.add(AccountEmail(kind=kind, subject_id=uuid7(), to_email=to_email, next_attempt_at=now))


async def cancel(session: AsyncSession, subject_id: uuid.UUID) -> None:
    await repo.cancel_for(session, subject_id)
