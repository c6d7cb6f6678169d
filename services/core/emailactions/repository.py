"""SQL for emailed action links: issue them, find one by its token, use it once, purge old ones."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.emailactions.models import EmailAction
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.models import Series
from services.core.users.models import User


def add_all(session: AsyncSession, actions: Sequence[EmailAction]) -> None:
    session.add_all(actions)


async def by_digest(session: AsyncSession, digest: str) -> EmailAction | None:
    found = await session.execute(select(EmailAction).where(EmailAction.token_digest == digest))
    return found.scalar_one_or_none()


async def use(session: AsyncSession, action_id: uuid.UUID, now: dt.datetime) -> bool:
    """Marks the link used; False when another request used it first (one atomic step)."""
    result = await session.execute(
        update(EmailAction)
        .where(
            EmailAction.id == action_id,
            EmailAction.used_at.is_(None),
            EmailAction.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


async def purge_expired(session: AsyncSession, before: dt.datetime) -> int:
    result = await session.execute(delete(EmailAction).where(EmailAction.expires_at < before))
    assert isinstance(result, CursorResult)
    return result.rowcount


@dataclass(frozen=True)
class Target:
    """An action link with the rows it is about, as they are now (a row deleted since: None)."""

    action: EmailAction
    user: User
    networks: list[Network]
    finding: Finding | None
    follow_up: FollowUp | None
    # The title of the activity or series the finding is about.
    subject_title: str


async def target(session: AsyncSession, digest: str) -> Target | None:
    action = await by_digest(session, digest)
    if action is None:
        return None
    user = await session.get(User, action.user_id)
    if user is None:
        return None
    networks = [
        network
        for network in [await session.get(Network, uuid.UUID(n)) for n in action.networks]
        if network is not None
    ]
    finding = await session.get(Finding, action.finding_id) if action.finding_id else None
    follow_up_id = action.follow_up_id or (finding.follow_up_id if finding else None)
    follow_up = await session.get(FollowUp, follow_up_id) if follow_up_id else None
    title = ""
    if finding is not None and finding.activity_id is not None:
        activity = await session.get(Activity, finding.activity_id)
        title = activity.title if activity else ""
    elif finding is not None and finding.series_id is not None:
        series = await session.get(Series, finding.series_id)
        title = series.title if series else ""
    return Target(action, user, networks, finding, follow_up, title)
