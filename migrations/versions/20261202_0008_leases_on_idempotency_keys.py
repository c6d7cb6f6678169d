"""leases on idempotency keys

A pending Idempotency-Key whose process died stayed pending until the daily purge, and every
retry got 409 meanwhile. The reservation now records who runs the request and until when;
a retry takes over a key whose lease has run out. Rows pending from before this revision
have no lease and count as expired.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:16:15
"""

from collections.abc import Sequence

from alembic import op

from migrations.columns import lease_columns

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        for column in lease_columns(owner_length=32):
            batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        for column in reversed(lease_columns(owner_length=32)):
            batch_op.drop_column(column.name)
