from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NamedTuple

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, UTCDateTime

OPEN_STATES = ("open", "acknowledged", "dismissed")


class Finding(IdMixin, TimestampMixin, Base):
    """Something the worker detected: a missing or overdue follow-up, or a missed meeting."""

    __tablename__ = "findings"
    __table_args__ = (
        # At most one unresolved finding per condition: detection can run any number of times
        # (or in several replicas) and opens each condition once. A resolved condition that
        # arises again opens a new finding.
        Index(
            "uq_findings_unresolved_condition",
            "network_id",
            "condition_key",
            unique=True,
            sqlite_where=text("status != 'resolved'"),
            postgresql_where=text("status != 'resolved'"),
        ),
        Index("ix_findings_network_id_status_opened_at", "network_id", "status", "opened_at", "id"),
        # The list, newest first, unfiltered (migration 0007).
        Index("ix_findings_network_id_opened_at", "network_id", "opened_at", "id"),
        Index("ix_findings_activity_id", "activity_id"),
        Index("ix_findings_follow_up_id", "follow_up_id"),
        Index("ix_findings_series_id", "series_id"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    # What the finding is about; "missing_follow_up:<activity>", "series_gap:<series>:<date>"...
    condition_key: Mapped[str] = mapped_column(String(120))
    activity_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("activities.id", ondelete="SET NULL")
    )
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("follow_ups.id", ondelete="SET NULL")
    )
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("series.id", ondelete="SET NULL")
    )
    expected_on: Mapped[dt.date | None] = mapped_column(Date)
    # When the condition arose (deadline passed); reminders_since is compared with this.
    arose_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    dismissed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}


class NewFinding(NamedTuple):
    """A finding a detection pass has just written in bulk: what scheduling its reminders
    needs, without building an ORM object for each of a first pass's many thousands."""

    id: uuid.UUID
    kind: str
    activity_id: uuid.UUID | None
    follow_up_id: uuid.UUID | None
    series_id: uuid.UUID | None
    arose_at: dt.datetime
    opened_at: dt.datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> NewFinding:
        return cls(*(row[name] for name in cls._fields))
