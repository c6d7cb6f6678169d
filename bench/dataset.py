"""The database a benchmark runs on: where it is made and dropped, and its tables' columns.

Shared by the generators (bench/datagen.py, bench/insights.py), which bulk-load rows with COPY,
and by the floor (bench/floor.py), which sends the SQL the API sends.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Collection

import asyncpg
from sqlalchemy.engine import make_url

SERVER = os.environ.get(
    "DRUMBEAT_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)

# Every column a benchmark writes, a table each, in the order of its COPY rows: the id first,
# the timestamps last. A generator that leaves some to their defaults names them (columns()).
COLUMNS: dict[str, tuple[str, ...]] = {
    "users": (
        "id",
        "email",
        "name",
        "password_hash",
        "is_admin",
        "is_active",
        "created_at",
        "updated_at",
    ),
    "user_sessions": (
        "id",
        "token_hash",
        "csrf_token",
        "user_id",
        "created_at",
        "expires_at",
        "last_seen_at",
    ),
    "networks": (
        "id",
        "name",
        "slug",
        "description",
        "themes",
        "timezone",
        "follow_up_grace_days",
        "reminder_schedule_days",
        "reminders_since",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ),
    "memberships": ("id", "network_id", "user_id", "role", "created_at", "updated_at"),
    "organisations": (
        "id",
        "network_id",
        "name",
        "country",
        "kind",
        "level",
        "expertise",
        "version",
        "created_at",
        "updated_at",
    ),
    "series": (
        "id",
        "network_id",
        "title",
        "description",
        "kind",
        "rrule",
        "dtstart",
        "timezone",
        "tolerance_days",
        "active",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ),
    "activities": (
        "id",
        "network_id",
        "title",
        "description",
        "kind",
        "modality",
        "status",
        "starts_at",
        "ends_at",
        "location",
        "country",
        "capacity_areas",
        "skill_kinds",
        "themes",
        "participants_count",
        "participants_by_gender",
        "series_id",
        "cascade_of",
        "follow_up_expected",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ),
    "activity_organisations": ("activity_id", "organisation_id", "role"),
    "follow_ups": (
        "id",
        "network_id",
        "activity_id",
        "title",
        "kind",
        "due_on",
        "status",
        "completed_on",
        "notes",
        "created_by",
        "version",
        "created_at",
        "updated_at",
    ),
}
# The columns every model has from its base; SQLAlchemy renders them after the model's own.
BASE_COLUMNS = ("id", "created_at", "updated_at")


def columns(table: str, *, without: Collection[str] = ()) -> list[str]:
    """The table's columns in COPY order, less those a generator leaves to their defaults."""
    return [column for column in COLUMNS[table] if column not in without]


def rendered(table: str) -> tuple[str, ...]:
    """The table's columns as SQLAlchemy renders them: the model's own, then its base's."""
    own = tuple(column for column in COLUMNS[table] if column not in BASE_COLUMNS)
    return own + BASE_COLUMNS


def dsn(url: str, database: str | None = None) -> str:
    """An asyncpg DSN for a SQLAlchemy URL, of another database on its server if given."""
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def create_database(server: str = SERVER) -> str:
    """A new database on the server, migrated to the newest schema; its URL."""
    from services.cli import migrate

    name = f"drumbeat_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(dsn(server))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(migrate, url)
    return url


async def drop_database(url: str, server: str = SERVER) -> None:
    conn = await asyncpg.connect(dsn(server))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await conn.close()
