from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base
from services.core.db.types import UTCDateTime


class RateCounter(Base):
    """Requests counted per scope and fixed window, shared by every API replica."""

    __tablename__ = "rate_counters"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
