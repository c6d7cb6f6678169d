"""sso attempts

A single sign-on sent to the OpenID Connect provider waits here for its callback: the digest
of its state, its nonce and PKCE verifier, where to go afterwards, and when it expires.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.core.db.types
from migrations.columns import moment, primary_key

revision: str = "0010"
# The account tables (0009) come from main; this is re-pointed onto them at merge.
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sso_attempts",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        moment("created_at"),
        moment("expires_at"),
        sa.Column("id", services.core.db.types.GUID, nullable=False),
        primary_key("sso_attempts"),
        sa.UniqueConstraint("state_hash", name=op.f("uq_sso_attempts_state_hash")),
    )
    op.create_index("ix_sso_attempts_expires_at", "sso_attempts", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sso_attempts_expires_at", table_name="sso_attempts")
    op.drop_table("sso_attempts")
