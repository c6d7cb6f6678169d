"""reminder email actions and preferences

Reminder emails become something a person acts on: a person's choice per network (as they
come, daily, weekly, muted), the one-click links the emails carry (only their digests), the
coordinators' switch for a whole network, and "via" on audit events, so a change made from
an email says so.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:02:37
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import services.core.db.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("cadence", sa.String(length=16), nullable=False),
        sa.Column(
            "unsubscribed_at", services.core.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", services.core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", services.core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_notification_preferences_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint(
            "user_id", "network_id", name=op.f("uq_notification_preferences_user_id_network_id")
        ),
    )
    with op.batch_alter_table("notification_preferences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_preferences_network_id"), ["network_id"], unique=False
        )

    op.create_table(
        "email_action_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        sa.Column(
            "network_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", services.core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", services.core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", services.core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_email_action_tokens_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_ups.id"],
            name=op.f("fk_email_action_tokens_follow_up_id_follow_ups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_email_action_tokens_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_action_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_action_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_action_tokens_token_hash")),
    )
    with op.batch_alter_table("email_action_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_email_action_tokens_expires_at", ["expires_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_email_action_tokens_finding_id"), ["finding_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_email_action_tokens_follow_up_id"), ["follow_up_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_email_action_tokens_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index("ix_email_action_tokens_user_id", ["user_id"], unique=False)

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via", sa.String(length=32), nullable=True))

    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reminder_emails_enabled", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.drop_column("reminder_emails_enabled")

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("via")

    with op.batch_alter_table("email_action_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_email_action_tokens_user_id")
        batch_op.drop_index(batch_op.f("ix_email_action_tokens_network_id"))
        batch_op.drop_index(batch_op.f("ix_email_action_tokens_follow_up_id"))
        batch_op.drop_index(batch_op.f("ix_email_action_tokens_finding_id"))
        batch_op.drop_index("ix_email_action_tokens_expires_at")

    op.drop_table("email_action_tokens")
    with op.batch_alter_table("notification_preferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_preferences_network_id"))

    op.drop_table("notification_preferences")
