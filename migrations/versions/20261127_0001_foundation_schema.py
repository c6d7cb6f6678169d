"""foundation schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 21:42:47.683412
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import (
    Index,
    create_indexes,
    created_by_key,
    drop_indexes,
    foreign_key,
    json_column,
    moment,
    network_key,
    primary_key,
    row_columns,
    versioned_row_columns,
)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


IDEMPOTENCY_INDEXES = (
    Index("ix_idempotency_records_created_at", ("created_at",), conventional=True),
)
SESSION_INDEXES = (Index("ix_user_sessions_expires_at", ("expires_at",)),)
MEMBERSHIP_INDEXES = (Index("ix_memberships_user_id", ("user_id",), conventional=True),)
SERIES_INDEXES = (Index("ix_series_network_id_created_at", ("network_id", "created_at", "id")),)
ACTIVITY_INDEXES = (
    Index("ix_activities_cascade_of", ("cascade_of",)),
    Index("ix_activities_network_id_starts_at", ("network_id", "starts_at", "id")),
    Index("ix_activities_network_id_status_ends_at", ("network_id", "status", "ends_at")),
    Index("ix_activities_series_id_starts_at", ("series_id", "starts_at")),
)
ACTIVITY_ORGANISATION_INDEXES = (
    Index("ix_activity_organisations_organisation_id", ("organisation_id", "role")),
)
FOLLOW_UP_INDEXES = (
    Index("ix_follow_ups_activity_id_status", ("activity_id", "status")),
    Index("ix_follow_ups_assignee_user_id", ("assignee_user_id",)),
    Index("ix_follow_ups_network_id_status_due_on", ("network_id", "status", "due_on")),
)
REFLECTION_INDEXES = (
    Index("ix_reflections_activity_id", ("activity_id",)),
    Index("ix_reflections_network_id_created_at", ("network_id", "created_at", "id")),
)


def upgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        json_column("headers", nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        moment("created_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        primary_key("idempotency_records"),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_idempotency_records_scope_key")),
    )
    create_indexes("idempotency_records", *IDEMPOTENCY_INDEXES)

    op.create_table(
        "users",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *row_columns(),
        primary_key("users"),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "networks",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        json_column("themes"),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("follow_up_grace_days", sa.Integer(), nullable=False),
        json_column("reminder_schedule_days"),
        moment("reminders_since"),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        created_by_key("networks"),
        primary_key("networks"),
        sa.UniqueConstraint("slug", name=op.f("uq_networks_slug")),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        moment("created_at"),
        moment("expires_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        foreign_key("user_sessions", "user_id", "users", ondelete="CASCADE"),
        primary_key("user_sessions"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    create_indexes("user_sessions", *SESSION_INDEXES)

    op.create_table(
        "memberships",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        *row_columns(),
        network_key("memberships"),
        foreign_key("memberships", "user_id", "users", ondelete="CASCADE"),
        primary_key("memberships"),
        sa.UniqueConstraint(
            "network_id", "user_id", name=op.f("uq_memberships_network_id_user_id")
        ),
    )
    create_indexes("memberships", *MEMBERSHIP_INDEXES)

    op.create_table(
        "organisations",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("iati_identifier", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        json_column("expertise"),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        *versioned_row_columns(),
        network_key("organisations"),
        primary_key("organisations"),
        sa.UniqueConstraint("network_id", "name", name=op.f("uq_organisations_network_id_name")),
    )
    op.create_table(
        "series",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("rrule", sa.String(length=500), nullable=False),
        sa.Column("dtstart", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("tolerance_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        created_by_key("series"),
        network_key("series"),
        primary_key("series"),
    )
    create_indexes("series", *SERIES_INDEXES)

    op.create_table(
        "activities",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        moment("starts_at"),
        moment("ends_at"),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        json_column("capacity_areas"),
        json_column("skill_kinds"),
        json_column("themes"),
        sa.Column("participants_count", sa.Integer(), nullable=True),
        json_column("participants_by_gender", nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("cascade_of", sa.Uuid(), nullable=True),
        sa.Column("follow_up_expected", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        foreign_key("activities", "cascade_of", "activities", ondelete="SET NULL"),
        created_by_key("activities"),
        network_key("activities"),
        foreign_key("activities", "series_id", "series", ondelete="SET NULL"),
        primary_key("activities"),
    )
    create_indexes("activities", *ACTIVITY_INDEXES)

    op.create_table(
        "activity_organisations",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        foreign_key("activity_organisations", "activity_id", "activities", ondelete="CASCADE"),
        foreign_key(
            "activity_organisations", "organisation_id", "organisations", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "organisation_id", "role", name=op.f("pk_activity_organisations")
        ),
    )
    create_indexes("activity_organisations", *ACTIVITY_ORGANISATION_INDEXES)

    op.create_table(
        "follow_ups",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("owner_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_user_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("follow_up_activity_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *versioned_row_columns(),
        foreign_key("follow_ups", "activity_id", "activities", ondelete="CASCADE"),
        foreign_key("follow_ups", "assignee_user_id", "users", ondelete="SET NULL"),
        created_by_key("follow_ups"),
        foreign_key("follow_ups", "follow_up_activity_id", "activities", ondelete="SET NULL"),
        network_key("follow_ups"),
        foreign_key("follow_ups", "owner_organisation_id", "organisations", ondelete="SET NULL"),
        primary_key("follow_ups"),
    )
    create_indexes("follow_ups", *FOLLOW_UP_INDEXES)

    op.create_table(
        "reflections",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        json_column("tags"),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        *versioned_row_columns(),
        foreign_key("reflections", "activity_id", "activities", ondelete="SET NULL"),
        foreign_key("reflections", "author_id", "users", ondelete="SET NULL"),
        network_key("reflections"),
        foreign_key("reflections", "organisation_id", "organisations", ondelete="SET NULL"),
        primary_key("reflections"),
    )
    create_indexes("reflections", *REFLECTION_INDEXES)


def downgrade() -> None:
    drop_indexes("reflections", *REFLECTION_INDEXES)
    op.drop_table("reflections")
    drop_indexes("follow_ups", *FOLLOW_UP_INDEXES)
    op.drop_table("follow_ups")
    drop_indexes("activity_organisations", *ACTIVITY_ORGANISATION_INDEXES)
    op.drop_table("activity_organisations")
    drop_indexes("activities", *ACTIVITY_INDEXES)
    op.drop_table("activities")
    drop_indexes("series", *SERIES_INDEXES)
    op.drop_table("series")
    op.drop_table("organisations")
    drop_indexes("memberships", *MEMBERSHIP_INDEXES)
    op.drop_table("memberships")
    drop_indexes("user_sessions", *SESSION_INDEXES)
    op.drop_table("user_sessions")
    op.drop_table("networks")
    op.drop_table("users")
    drop_indexes("idempotency_records", *IDEMPOTENCY_INDEXES)
    op.drop_table("idempotency_records")
