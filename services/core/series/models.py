from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID


class Series(IdMixin, TimestampMixin, Base):
    """A recurring platform: an annual network meeting, a monthly webinar."""

    __tablename__ = "series"
    __table_args__ = (
        Index("ix_series_network_id_created_at", "network_id", "created_at", "id"),
        # What changed since a detection pass read the network (incremental detection).
        Index("ix_series_network_id_updated_at", "network_id", "updated_at"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), default="network_meeting")
    rrule: Mapped[str] = mapped_column(String(500))
    # Local wall-clock time in `timezone`: recurrences follow local time across DST.
    dtstart: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False))
    timezone: Mapped[str] = mapped_column(String(64))
    tolerance_days: Mapped[int] = mapped_column(Integer, default=7)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}
