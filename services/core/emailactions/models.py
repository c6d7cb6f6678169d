"""The links in reminder emails that act without a sign-in: one row per link, token digested."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin
from services.core.db.types import GUID, JSONType, UTCDateTime, utcnow

# mark_done: the follow-up is done; snooze: the finding is quiet for a week; acknowledge: a
# coordinator has seen it; unsubscribe: no more reminder emails from these networks.
EmailActionKind = Literal["mark_done", "snooze", "acknowledge", "unsubscribe"]


class EmailAction(IdMixin, Base):
    """What one emailed link does, for whom, and whether it has been used.

    Only the SHA-256 digest of the link's token is kept, so the table leaks no working link.
    A link acts for its one recipient, on its one finding (or follow-up), once, within
    ``expires_at``; the recipient's role is checked when it is used, not when it was sent.
    """

    __tablename__ = "email_actions"
    __table_args__ = (Index("ix_email_actions_expires_at", "expires_at"),)

    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    action: Mapped[EmailActionKind] = mapped_column(String(16))
    user_id: Mapped[uuid.UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    # Null only for an unsubscribe link of a digest that spans networks: ``networks`` names
    # them all.
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    networks: Mapped[list[str]] = mapped_column(JSONType, default=list)
    finding_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("findings.id", ondelete="CASCADE")
    )
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("follow_ups.id", ondelete="CASCADE")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
