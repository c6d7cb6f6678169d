from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime


class Network(IdMixin, TimestampMixin, Base):
    __tablename__ = "networks"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    follow_up_grace_days: Mapped[int] = mapped_column(Integer, default=30)
    reminder_schedule_days: Mapped[list[int]] = mapped_column(JSONType, default=lambda: [0, 7, 21])
    reminders_since: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The coordinators' switch for the whole network: off, no reminder email goes out (the
    # findings and the webhooks go on).
    reminder_emails_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}


class Membership(IdMixin, TimestampMixin, Base):
    """A user's role in one network: coordinator, member or viewer."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
