from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, UTCDateTime, utcnow

SessionMethod = Literal["password", "sso", "invitation", "reset"]


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # Empty for a user who only signs in through single sign-on: no password ever matches.
    password_hash: Mapped[str] = mapped_column(String(255))
    # The language the person chose; None until they choose one, and then the web app
    # follows their browser and emails the language their browser last asked for.
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    # The browser's preferred language (Accept-Language) at the latest sign-in, if Drumbeat
    # speaks it: what emails are written in while ``language`` is unset.
    browser_language: Mapped[str | None] = mapped_column(String(8), default=None)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def reads(self) -> str:
        """The language to write to this person in: chosen, else their browser's, else English."""
        return self.language or self.browser_language or "en"


class UserSession(IdMixin, Base):
    """A browser session. Only the token's digest is stored."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_expires_at", "expires_at"),)

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[uuid.UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Refreshed at most every few minutes, so reads do not turn into writes.
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # How the session began: password, sso, invitation or reset.
    method: Mapped[str] = mapped_column(String(16), default="password")


class PasswordReset(IdMixin, Base):
    """A password-reset link: single use, short-lived; only the token's digest is stored."""

    __tablename__ = "password_resets"
    __table_args__ = (Index("ix_password_resets_user_id", "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(GUID, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
