"""How often each person gets reminder emails from each of their networks."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.errors import ValidationFailed
from services.core.db.types import utcnow
from services.core.networks.models import Network
from services.core.notifications import repository as repo
from services.core.notifications.models import Cadence, NotificationPreference
from services.core.notifications.schemas import (
    NotificationPreferenceRead,
    NotificationSettings,
    NotificationSettingsUpdate,
)
from services.core.users import repository as users_repo
from services.core.users.models import User


async def _networks_of(session: AsyncSession, user_id: uuid.UUID) -> set[uuid.UUID]:
    return {network_id for network_id, _ in await users_repo.roles_of(session, user_id)}


def _read(
    network: Network, preference: NotificationPreference | None
) -> NotificationPreferenceRead:
    return NotificationPreferenceRead(
        network_id=network.id,
        network_name=network.name,
        cadence=preference.cadence if preference else "immediate",
        unsubscribed_at=preference.unsubscribed_at if preference else None,
        network_reminder_emails_enabled=network.reminder_emails_enabled,
    )


async def settings_of(session: AsyncSession, user: User) -> NotificationSettings:
    rows = await repo.memberships_with_preferences(session, user.id)
    return NotificationSettings(items=[_read(network, pref) for network, pref in rows])


async def set_cadence(
    session: AsyncSession,
    user_id: uuid.UUID,
    network_id: uuid.UUID,
    cadence: Cadence,
    *,
    unsubscribed_at: dt.datetime | None = None,
) -> NotificationPreference:
    """Stores the choice (a row is made on the first change); a choice made on the profile
    clears the "unsubscribed from an email" mark, an unsubscribe link sets it."""
    row = await repo.preference(session, user_id, network_id)
    if row is None:
        row = NotificationPreference(user_id=user_id, network_id=network_id)
        session.add(row)
    row.cadence = cadence
    row.unsubscribed_at = unsubscribed_at
    return row


async def update(
    session: AsyncSession, user: User, data: NotificationSettingsUpdate
) -> NotificationSettings:
    mine = await _networks_of(session, user.id)
    for index, change in enumerate(data.items):
        if change.network_id not in mine:
            raise ValidationFailed(
                f"/items/{index}/network_id",
                "you are not a member of this network",
                "not_in_network",
            )
    for change in data.items:
        await set_cadence(session, user.id, change.network_id, change.cadence)
    await session.flush()
    return await settings_of(session, user)


async def unsubscribe(
    session: AsyncSession, user_id: uuid.UUID, network_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Mutes these networks for the person (those they still belong to); returns the ones
    muted now, leaving alone any already muted."""
    mine = await _networks_of(session, user_id)
    muted: list[uuid.UUID] = []
    now = utcnow()
    for network_id in network_ids:
        if network_id not in mine:
            continue
        row = await repo.preference(session, user_id, network_id)
        if row is not None and row.cadence == "muted":
            continue
        await set_cadence(session, user_id, network_id, "muted", unsubscribed_at=now)
        muted.append(network_id)
    await session.flush()
    return muted
