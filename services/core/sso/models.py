from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin
from services.core.db.types import UTCDateTime, utcnow


class SsoAttempt(IdMixin, Base):
    """One sign-in sent to the provider, waiting for its callback. Single use, short-lived.

    Only the state's digest is kept: the state travels in the browser's URL; the nonce and the
    PKCE verifier never leave the server.
    """

    __tablename__ = "sso_attempts"
    __table_args__ = (Index("ix_sso_attempts_expires_at", "expires_at"),)

    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(2000), default="/")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
