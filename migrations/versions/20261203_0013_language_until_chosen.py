"""language until chosen

A user's language is null until they choose one (the web app then follows their browser),
and the browser's language at their latest sign-in is kept for the emails written to them
meanwhile. Existing rows keep the language they hold.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "language",
            existing_type=sa.String(length=8),
            nullable=True,
            server_default=None,
            existing_server_default="en",
        )
        batch_op.add_column(sa.Column("browser_language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE users SET language = COALESCE(language, browser_language, 'en')")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("browser_language")
        batch_op.alter_column(
            "language",
            existing_type=sa.String(length=8),
            nullable=False,
            server_default="en",
        )
