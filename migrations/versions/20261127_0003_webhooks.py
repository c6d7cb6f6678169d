"""webhooks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 21:54:15.818330
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    Index,
    create_indexes,
    created_by_key,
    drop_indexes,
    foreign_key,
    json_column,
    moment,
    network_key,
    outbox_columns,
    primary_key,
    versioned_row_columns,
)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ENDPOINT_INDEXES = (
    Index("ix_webhook_endpoints_network_id_created_at", ("network_id", "created_at", "id")),
)
EVENT_INDEXES = (Index("ix_webhook_events_network_id_created_at", ("network_id", "created_at")),)
DELIVERY_INDEXES = (
    Index("ix_webhook_deliveries_endpoint_id_created_at", ("endpoint_id", "created_at", "id")),
    Index("ix_webhook_deliveries_network_id", ("network_id",)),
    Index("ix_webhook_deliveries_status_next_attempt_at", ("status", "next_attempt_at")),
)


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        json_column("event_types"),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        created_by_key("webhook_endpoints"),
        network_key("webhook_endpoints"),
        primary_key("webhook_endpoints"),
    )
    create_indexes("webhook_endpoints", *ENDPOINT_INDEXES)

    op.create_table(
        "webhook_events",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        json_column("payload"),
        moment("created_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        network_key("webhook_events"),
        primary_key("webhook_events"),
    )
    create_indexes("webhook_events", *EVENT_INDEXES)

    op.create_table(
        "webhook_deliveries",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        moment("next_attempt_at"),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        moment("delivered_at", nullable=True),
        *outbox_columns(),
        foreign_key("webhook_deliveries", "endpoint_id", "webhook_endpoints", ondelete="CASCADE"),
        foreign_key("webhook_deliveries", "event_id", "webhook_events", ondelete="CASCADE"),
        network_key("webhook_deliveries"),
        primary_key("webhook_deliveries"),
        sa.UniqueConstraint(
            "event_id", "endpoint_id", name=op.f("uq_webhook_deliveries_event_id_endpoint_id")
        ),
    )
    create_indexes("webhook_deliveries", *DELIVERY_INDEXES)


def downgrade() -> None:
    drop_indexes("webhook_deliveries", *DELIVERY_INDEXES)
    op.drop_table("webhook_deliveries")
    drop_indexes("webhook_events", *EVENT_INDEXES)
    op.drop_table("webhook_events")
    drop_indexes("webhook_endpoints", *ENDPOINT_INDEXES)
    op.drop_table("webhook_endpoints")
