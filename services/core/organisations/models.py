from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisations"
    # Names are unique per network so that CSV imports can match organisations by name.
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    iati_identifier: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(32), default="ngo")
    level: Mapped[str] = mapped_column(String(16), default="national")
    expertise: Mapped[list[str]] = mapped_column(JSONType, default=list)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}
