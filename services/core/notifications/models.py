"""Who wants reminder emails how often, and the one-click links those emails carry."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime, utcnow

# immediate: one digest per worker pass (the default); daily: at 08:00 in the person's time
# zone; weekly: Mondays at 08:00 there; muted: none at all.
Cadence = Literal["immediate", "daily", "weekly", "muted"]
CADENCES: tuple[Cadence, ...] = ("immediate", "daily", "weekly", "muted")

# What a link in an email does when its button is pressed. "unsubscribe" is the RFC 8058
# one-click link; the others act on one finding (or, for an assignment notice, one follow-up).
EmailAction = Literal["mark_done", "snooze", "acknowledge", "unsubscribe"]
EMAIL_ACTIONS: tuple[EmailAction, ...] = ("mark_done", "snooze", "acknowledge", "unsubscribe")


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


class EmailActionToken(IdMixin, Base):
    """A link in an email that acts for its recipient without a sign-in.

    Only the digest of the token is stored. Bound to one person, one action and one subject
    (a finding, or the follow-up of an assignment notice); single use (the unsubscribe link
    may be pressed again, to no further effect) and valid for 30 days.
    """

    __tablename__ = "email_action_tokens"
    __table_args__ = (
        Index("ix_email_action_tokens_expires_at", "expires_at"),
        Index("ix_email_action_tokens_user_id", "user_id"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[EmailAction] = mapped_column(String(16))
    finding_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    # An unsubscribe link mutes every network its email spoke of; other actions: one.
    network_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
