from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID


class FollowUp(IdMixin, TimestampMixin, Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        # What changed since a detection pass read the network (incremental detection).
        Index("ix_follow_ups_network_id_updated_at", "network_id", "updated_at"),
        Index("ix_follow_ups_activity_id_status", "activity_id", "status"),
        Index("ix_follow_ups_network_id_status_due_on", "network_id", "status", "due_on"),
        Index("ix_follow_ups_assignee_user_id", "assignee_user_id"),
    )

    # Denormalised from the activity so tenancy filters and detection need no join.
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    activity_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("activities.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="action_plan")
    owner_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("organisations.id", ondelete="SET NULL")
    )
    assignee_user_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    follow_up_activity_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("activities.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}
