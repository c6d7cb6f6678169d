"""accounts: invitations, password resets, account emails

A network could only gain members through a site admin on the command line. Invitations
(one pending per network and address), single-use password-reset links and an outbox for the
emails that carry them make accounts self-service. Users gain a language and a time zone;
sessions record when they were last used, from which browser and how they began.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:27:29.025465
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
    outbox_columns,
    primary_key,
    row_columns,
)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ACCOUNT_EMAIL_INDEXES = (
    Index("ix_account_emails_status_next_attempt_at", ("status", "next_attempt_at")),
    Index("ix_account_emails_subject_id", ("subject_id",)),
)
PASSWORD_RESET_INDEXES = (Index("ix_password_resets_user_id", ("user_id",)),)
INVITATION_INDEXES = (
    Index("ix_invitations_email_status", ("email", "status")),
    Index(
        "uq_invitations_pending_email",
        ("network_id", "email"),
        unique=True,
        where="status = 'pending'",
    ),
)


def upgrade() -> None:
    op.create_table(
        "account_emails",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("to_email", sa.String(length=254), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        json_column("context"),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        moment("next_attempt_at"),
        moment("sent_at", nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        *outbox_columns(),
        primary_key("account_emails"),
    )
    create_indexes("account_emails", *ACCOUNT_EMAIL_INDEXES)

    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        moment("created_at"),
        moment("expires_at"),
        moment("used_at", nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        foreign_key("password_resets", "user_id", "users", ondelete="CASCADE"),
        primary_key("password_resets"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    create_indexes("password_resets", *PASSWORD_RESET_INDEXES)

    op.create_table(
        "invitations",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        moment("expires_at"),
        moment("last_sent_at"),
        sa.Column("invited_by", sa.Uuid(), nullable=True),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        moment("accepted_at", nullable=True),
        *row_columns(),
        foreign_key("invitations", "accepted_by", "users", ondelete="SET NULL"),
        foreign_key("invitations", "invited_by", "users", ondelete="SET NULL"),
        network_key("invitations"),
        primary_key("invitations"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    create_indexes("invitations", *INVITATION_INDEXES)

    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(moment("last_seen_at", nullable=True))
        batch_op.add_column(
            sa.Column("user_agent", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("method", sa.String(length=16), nullable=False, server_default="password")
        )
    # Sessions from before this revision were last seen, as far as anyone knows, when made.
    op.execute("UPDATE user_sessions SET last_seen_at = created_at")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.alter_column("last_seen_at", nullable=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("language")

    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("method")
        batch_op.drop_column("user_agent")
        batch_op.drop_column("last_seen_at")

    drop_indexes("invitations", *INVITATION_INDEXES)
    op.drop_table("invitations")
    drop_indexes("password_resets", *PASSWORD_RESET_INDEXES)
    op.drop_table("password_resets")
    drop_indexes("account_emails", *ACCOUNT_EMAIL_INDEXES)
    op.drop_table("account_emails")
