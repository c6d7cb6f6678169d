"""email actions

The one-click links of reminder emails (digested tokens, one action each, single use), how
an audited change came in ("reminder email" for those links), and room in the account-email
outbox for the kind "follow_up_assigned".

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:13:56
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    Index,
    create_indexes,
    drop_indexes,
    foreign_key,
    json_column,
    moment,
    network_key,
    primary_key,
)

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    Index("ix_email_actions_expires_at", ("expires_at",)),
    Index("ix_email_actions_network_id", ("network_id",), conventional=True),
)


def upgrade() -> None:
    op.create_table(
        "email_actions",
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=True),
        json_column("networks"),
        sa.Column("finding_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        moment("created_at"),
        moment("expires_at"),
        moment("used_at", nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        foreign_key("email_actions", "finding_id", "findings", ondelete="CASCADE"),
        foreign_key("email_actions", "follow_up_id", "follow_ups", ondelete="CASCADE"),
        network_key("email_actions"),
        foreign_key("email_actions", "user_id", "users", ondelete="CASCADE"),
        primary_key("email_actions"),
        sa.UniqueConstraint("token_digest", name=op.f("uq_email_actions_token_digest")),
    )
    create_indexes("email_actions", *INDEXES)

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("via", sa.String(length=40), server_default="", nullable=False)
        )
    with op.batch_alter_table("account_emails", schema=None) as batch_op:
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=16), type_=sa.String(length=24)
        )


def downgrade() -> None:
    # The older schema knows no assignment notices (nor has room for their kind's name).
    op.execute("DELETE FROM account_emails WHERE kind = 'follow_up_assigned'")
    with op.batch_alter_table("account_emails", schema=None) as batch_op:
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=24), type_=sa.String(length=16)
        )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("via")

    drop_indexes("email_actions", *INDEXES)
    op.drop_table("email_actions")
