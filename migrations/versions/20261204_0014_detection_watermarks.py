"""detection watermarks

Incremental detection: per network, how far the last committed pass read (so the next reads
only rows changed since, less a safety overlap) and the detection clock it ran at (so it
knows which grace periods and due dates have ended since). Deletes leave a touch, since a
deleted row has no updated_at to read. Indexes over updated_at find the changed rows;
partial indexes find findings whose subject was deleted and snoozes that ran out.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import moment, network_key, primary_key

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in services/core/findings/models.py at this revision.
ORPHANED = (
    "status != 'resolved' AND ("
    "(kind = 'missing_follow_up' AND activity_id IS NULL) OR "
    "(kind = 'overdue_follow_up' AND follow_up_id IS NULL) OR "
    "(kind = 'series_gap' AND series_id IS NULL))"
)
PARTIAL = (
    ("ix_findings_orphaned", "network_id", ORPHANED),
    ("ix_findings_snoozed_until", "snoozed_until", "status = 'acknowledged'"),
)


def upgrade() -> None:
    op.create_table(
        "detection_watermarks",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        moment("read_from"),
        moment("detected_at"),
        moment("ended_before"),
        sa.Column("today", sa.Date(), nullable=False),
        moment("reconciled_at"),
        network_key("detection_watermarks"),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_detection_watermarks")),
    )
    op.create_table(
        "detection_touches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        moment("at"),
        network_key("detection_touches"),
        primary_key("detection_touches"),
    )
    op.create_index("ix_detection_touches_at", "detection_touches", ["at"])
    for table in ("activities", "follow_ups", "series"):
        op.create_index(f"ix_{table}_network_id_updated_at", table, ["network_id", "updated_at"])
    for name, column, where in PARTIAL:
        op.create_index(
            name,
            "findings",
            [column],
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade() -> None:
    for name, _, _ in PARTIAL:
        op.drop_index(name, table_name="findings")
    for table in ("activities", "follow_ups", "series"):
        op.drop_index(f"ix_{table}_network_id_updated_at", table_name=table)
    op.drop_index("ix_detection_touches_at", table_name="detection_touches")
    op.drop_table("detection_touches")
    op.drop_table("detection_watermarks")
