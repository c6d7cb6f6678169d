from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin
from services.core.db.types import GUID, UTCDateTime, utcnow


class CalendarFeed(IdMixin, Base):
    """A user's secret calendar URL for one network. Only the token's digest is stored; a new
    token replaces the row, so the old URL stops working at once."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
