from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin
from services.core.db.types import GUID, JSONType, UTCDateTime, utcnow


class AuditEvent(IdMixin, Base):
    """Who changed what, written in the same transaction as the change."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_network_id_at", "network_id", "at", "id"),
        Index("ix_audit_events_network_id_entity", "network_id", "entity", "at"),
        Index("ix_audit_events_network_id_actor_id", "network_id", "actor_id", "at"),
    )

    # Null for changes that belong to no network (site users).
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    actor_label: Mapped[str] = mapped_column(String(254))
    via: Mapped[str] = mapped_column(String(40), default="", server_default="")
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(GUID)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
