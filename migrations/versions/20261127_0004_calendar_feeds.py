"""calendar feeds

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 21:58:15.566239
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    Index,
    create_indexes,
    drop_indexes,
    foreign_key,
    moment,
    network_key,
    primary_key,
)

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FEED_INDEXES = (Index("ix_calendar_feeds_user_id", ("user_id",), conventional=True),)


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        moment("created_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        network_key("calendar_feeds"),
        foreign_key("calendar_feeds", "user_id", "users", ondelete="CASCADE"),
        primary_key("calendar_feeds"),
        sa.UniqueConstraint(
            "network_id", "user_id", name=op.f("uq_calendar_feeds_network_id_user_id")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    create_indexes("calendar_feeds", *FEED_INDEXES)


def downgrade() -> None:
    drop_indexes("calendar_feeds", *FEED_INDEXES)
    op.drop_table("calendar_feeds")
