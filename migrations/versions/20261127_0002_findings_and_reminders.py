"""findings and reminders

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 21:50:29.405299
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
    outbox_columns,
    primary_key,
    versioned_row_columns,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FINDING_INDEXES = (
    Index("ix_findings_activity_id", ("activity_id",)),
    Index("ix_findings_follow_up_id", ("follow_up_id",)),
    Index("ix_findings_network_id_status_opened_at", ("network_id", "status", "opened_at", "id")),
    Index("ix_findings_series_id", ("series_id",)),
    Index(
        "uq_findings_unresolved_condition",
        ("network_id", "condition_key"),
        unique=True,
        where="status != 'resolved'",
    ),
)
REMINDER_INDEXES = (
    Index("ix_reminders_network_id", ("network_id",)),
    Index("ix_reminders_status_due_at", ("status", "due_at")),
)


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("condition_key", sa.String(length=120), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        moment("arose_at"),
        moment("opened_at"),
        moment("resolved_at", nullable=True),
        moment("snoozed_until", nullable=True),
        sa.Column("dismissed_reason", sa.Text(), nullable=True),
        *versioned_row_columns(),
        foreign_key("findings", "activity_id", "activities", ondelete="SET NULL"),
        foreign_key("findings", "follow_up_id", "follow_ups", ondelete="SET NULL"),
        network_key("findings"),
        foreign_key("findings", "series_id", "series", ondelete="SET NULL"),
        primary_key("findings"),
    )
    create_indexes("findings", *FINDING_INDEXES)

    op.create_table(
        "reminders",
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient_user_id", sa.Uuid(), nullable=False),
        sa.Column("recipient_email", sa.String(length=254), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        moment("due_at"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        moment("sent_at", nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        *outbox_columns(),
        foreign_key("reminders", "finding_id", "findings", ondelete="CASCADE"),
        network_key("reminders"),
        foreign_key("reminders", "recipient_user_id", "users", ondelete="CASCADE"),
        primary_key("reminders"),
        sa.UniqueConstraint(
            "finding_id",
            "channel",
            "recipient_user_id",
            "step",
            name=op.f("uq_reminders_finding_id_channel_recipient_user_id_step"),
        ),
    )
    create_indexes("reminders", *REMINDER_INDEXES)


def downgrade() -> None:
    drop_indexes("reminders", *REMINDER_INDEXES)
    op.drop_table("reminders")
    drop_indexes("findings", *FINDING_INDEXES)
    op.drop_table("findings")
