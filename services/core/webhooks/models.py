from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.core.db.base import Base, IdMixin, TimestampMixin
from services.core.db.types import GUID, JSONType, UTCDateTime, utcnow

# Stored as these very strings (a plain String column, so the schema does not change).
DeliveryStatus = Literal["pending", "failed", "succeeded", "dead"]


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    """A partner's receiver and the events it subscribed to."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        Index("ix_webhook_endpoints_network_id_created_at", "network_id", "created_at", "id"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    url: Mapped[str] = mapped_column(String(2000))
    # Kept in the clear because signing needs it; the API shows it only on create and rotate.
    secret: Mapped[str] = mapped_column(String(100))
    event_types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: Any = {"version_id_col": version}


class WebhookEvent(IdMixin, Base):
    """The outbox: written in the transaction of the change it announces."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_network_id_created_at", "network_id", "created_at"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    type: Mapped[str] = mapped_column(String(64))
    # The whole body as sent, {"type", "timestamp", "data"}: every retry sends the same bytes.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The API request that caused the event, so the worker's delivery logs can be joined to it.
    request_id: Mapped[str | None] = mapped_column(String(128))


class WebhookDelivery(IdMixin, TimestampMixin, Base):
    """One event to one endpoint; its id is the ``webhook-id`` receivers dedupe on.

    pending: not attempted yet (or replayed); failed: the last attempt failed and a retry is
    scheduled at next_attempt_at; succeeded; dead: no further attempts.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "endpoint_id"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_id_created_at", "endpoint_id", "created_at", "id"),
        Index("ix_webhook_deliveries_network_id", "network_id"),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("webhook_events.id", ondelete="CASCADE")
    )
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("networks.id", ondelete="CASCADE")
    )
    # Copied from the event so a delivery log can be listed and read without a join.
    event_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[DeliveryStatus] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Every attempt and decision, oldest first: answers "why did my receiver not get it?".
    log: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
