from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NamedTuple

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, UTCDateTime, utcnow, uuid7

OPEN_STATES = ("open", "acknowledged", "dismissed")

# An unresolved finding whose subject is gone: the same text in the index and the query.
ORPHANED = (
    "status != 'resolved' AND ("
    "(kind = 'missing_follow_up' AND activity_id IS NULL) OR "
    "(kind = 'overdue_follow_up' AND follow_up_id IS NULL) OR "
    "(kind = 'series_gap' AND series_id IS NULL))"
)


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
        # Findings whose subject was deleted (the foreign key set it to null): an incremental
        # pass resolves them without reading every open finding. Empty in a steady state.
        Index(
            "ix_findings_orphaned",
            "network_id",
            sqlite_where=text(ORPHANED),
            postgresql_where=text(ORPHANED),
        ),
        # Acknowledged findings by the end of their snooze: the ones due to wake up.
        Index(
            "ix_findings_snoozed_until",
            "snoozed_until",
            sqlite_where=text("status = 'acknowledged'"),
            postgresql_where=text("status = 'acknowledged'"),
        ),
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


class DetectionWatermark(Base):
    """How far detection has read one network: the incremental pass's starting point.

    ``read_from``: the wall-clock time at which the last committed pass began reading, less
    a safety overlap (rows whose ``updated_at`` is at or after it are read by the next
    pass). ``detected_at``, ``ended_before`` and ``today``: that pass's detection clock, its
    grace cutoff and the network's local date, from which the next pass knows which grace
    periods and due dates time alone has ended since. ``reconciled_at``: the last full pass
    over the network.
    """

    __tablename__ = "detection_watermarks"

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    read_from: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    today: Mapped[dt.date] = mapped_column(Date)
    reconciled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class DetectionTouch(Base):
    """A change that a row's ``updated_at`` cannot show, left for the incremental pass: a
    deleted follow-up (its activity may lack one now), a deleted activity or one moved out
    of a series (the series lost a held activity)."""

    __tablename__ = "detection_touches"
    __table_args__ = (Index("ix_detection_touches_at", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True, default=uuid7)
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    # No foreign keys: the rows they name are usually gone.
    activity_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    series_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
