"""api keys audit and rate counters

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 22:02:40.868939
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    Index,
    create_indexes,
    created_by_key,
    drop_indexes,
    json_column,
    moment,
    network_key,
    primary_key,
    versioned_row_columns,
)

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


API_KEY_INDEXES = (Index("ix_api_keys_network_id_created_at", ("network_id", "created_at", "id")),)
AUDIT_INDEXES = (
    Index("ix_audit_events_network_id_actor_id", ("network_id", "actor_id", "at")),
    Index("ix_audit_events_network_id_at", ("network_id", "at", "id")),
    Index("ix_audit_events_network_id_entity", ("network_id", "entity", "at")),
)


def upgrade() -> None:
    op.create_table(
        "rate_counters",
        sa.Column("scope", sa.String(length=200), nullable=False),
        moment("window_start"),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "window_start", name=op.f("pk_rate_counters")),
    )
    op.create_table(
        "api_keys",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        json_column("scopes"),
        moment("expires_at", nullable=True),
        moment("revoked_at", nullable=True),
        moment("last_used_at", nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        created_by_key("api_keys"),
        network_key("api_keys"),
        primary_key("api_keys"),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    create_indexes("api_keys", *API_KEY_INDEXES)

    op.create_table(
        "audit_events",
        sa.Column("network_id", sa.Uuid(), nullable=True),
        sa.Column("actor_type", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        json_column("changes"),
        moment("at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        network_key("audit_events"),
        primary_key("audit_events"),
    )
    create_indexes("audit_events", *AUDIT_INDEXES)


def downgrade() -> None:
    drop_indexes("audit_events", *AUDIT_INDEXES)
    op.drop_table("audit_events")
    drop_indexes("api_keys", *API_KEY_INDEXES)
    op.drop_table("api_keys")
    op.drop_table("rate_counters")
