from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime


class Activity(IdMixin, TimestampMixin, Base):
    __tablename__ = "activities"
    __table_args__ = (
        # What changed since a detection pass read the network (incremental detection).
        Index("ix_activities_network_id_updated_at", "network_id", "updated_at"),
        Index("ix_activities_network_id_starts_at", "network_id", "starts_at", "id"),
        Index("ix_activities_network_id_status_ends_at", "network_id", "status", "ends_at"),
        Index("ix_activities_series_id_starts_at", "series_id", "starts_at"),
        Index("ix_activities_cascade_of", "cascade_of"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    modality: Mapped[str] = mapped_column(String(16), default="in_person")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    capacity_areas: Mapped[list[str]] = mapped_column(JSONType, default=list)
    skill_kinds: Mapped[list[str]] = mapped_column(JSONType, default=list)
    themes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    participants_count: Mapped[int | None] = mapped_column(Integer)
    participants_by_gender: Mapped[dict[str, int] | None] = mapped_column(JSONType)
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("series.id", ondelete="SET NULL")
    )
    cascade_of: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("activities.id", ondelete="SET NULL")
    )
    follow_up_expected: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}


class ActivityOrganisation(Base):
    """Who gave (facilitator) and who received (participant) in an activity."""

    __tablename__ = "activity_organisations"
    __table_args__ = (
        Index("ix_activity_organisations_organisation_id", "organisation_id", "role"),
    )

    activity_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
