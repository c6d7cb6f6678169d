from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime


class ApiKey(IdMixin, TimestampMixin, Base):
    """A partner integration's credential for one network. Only a digest of the secret is kept."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_network_id_created_at", "network_id", "created_at", "id"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    # The public part of the key (shown in lists, used to find the row); unique.
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}
