"""Who wants reminder emails how often, per network."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, UTCDateTime

# immediate: one digest per worker pass (the default); daily: at 08:00 in the person's time
# zone; weekly: Mondays at 08:00 there; muted: none at all.
Cadence = Literal["immediate", "daily", "weekly", "muted"]


class NotificationPreference(IdMixin, TimestampMixin, Base):
    """One person's choice for the reminder emails of one network. No row: immediate."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "network_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    cadence: Mapped[Cadence] = mapped_column(String(16), default="immediate")
    # Set when the person muted the network from an email's unsubscribe link (rather than on
    # their profile), so a skipped reminder can say "recipient unsubscribed".
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
