"""Queueing the emails that carry invitation and password-reset links."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail import repository as repo
from services.core.accountmail.models import AccountEmail, AccountEmailKind


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


async def cancel(session: AsyncSession, subject_id: uuid.UUID) -> None:
    await repo.cancel_for(session, subject_id)
