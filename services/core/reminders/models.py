from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime

# Stored as these very strings (a plain String column, so the schema does not change).
ReminderStatus = Literal["pending", "sent", "skipped", "failed"]


class Reminder(IdMixin, TimestampMixin, Base):
    """One reminder to one recipient for one step of one finding.

    The unique key is the "exactly one effect" guard: however many passes or replicas run,
    a (finding, channel, recipient, step) is reminded once.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("finding_id", "channel", "recipient_user_id", "step"),
        Index("ix_reminders_status_due_at", "status", "due_at"),
        Index("ix_reminders_network_id", "network_id"),
    )

    finding_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("findings.id", ondelete="CASCADE")
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(16), default="email")
    recipient_user_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE")
    )
    recipient_email: Mapped[str] = mapped_column(String(254))
    step: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[ReminderStatus] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    skip_reason: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str | None] = mapped_column(String(255))
    # Every attempt and decision, newest last: answers "why was this (not) sent?".
    log: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
