from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime, utcnow

AccountEmailKind = Literal["invitation", "password_reset", "follow_up_assigned"]
AccountEmailStatus = Literal["pending", "sent", "failed", "cancelled"]


class AccountEmail(IdMixin, TimestampMixin, Base):
    """An invitation, password-reset or assignment email waiting for the worker (an outbox row).

    Written in the transaction that creates the token, so a rolled-back request sends nothing
    and an SMTP outage loses nothing. ``link`` carries the token until the email is sent (or
    cancelled); then it is erased, so the database keeps only the token's digest.
    """

    __tablename__ = "account_emails"
    __table_args__ = (
        Index("ix_account_emails_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_account_emails_subject_id", "subject_id"),
    )

    kind: Mapped[str] = mapped_column(String(24))
    # The invitation, password reset or follow-up the email is about; a newer email for it
    # cancels this.
    subject_id: Mapped[uuid.UUID] = mapped_column(GUID)
    to_email: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # What the message says besides the link: network name, inviter, role, expiry.
    context: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    link: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    log: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
