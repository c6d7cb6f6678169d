"""One migration history, reversible, and never drifting from the models, on both databases."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from services.core.db.engine import create_engine
from services.core.db.models import Base
from services.core.settings import Settings
from tests.conftest import POSTGRES_ENV, create_postgres_database, drop_postgres_database
from tests.support import alembic_config, migrate_down, migrate_to

VERSION_TABLE = "alembic_version"


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads, merge them: {heads}"
    assert len(script.get_bases()) == 1, script.get_bases()


@pytest_asyncio.fixture(loop_scope="session")
async def empty_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of the backend's kind with nothing in it, just for this test."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    server = os.environ[POSTGRES_ENV]
    url = await create_postgres_database(server)
    try:
        yield url
    finally:
        await drop_postgres_database(server, url)


async def table_names(url: str) -> set[str]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            names: list[str] = await conn.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()
    return set(names)


async def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    model_tables = set(Base.metadata.tables)
    await migrate_to(empty_database, "head")
    assert await table_names(empty_database) == model_tables | {VERSION_TABLE}
    await migrate_down(empty_database, "base")
    assert await table_names(empty_database) <= {VERSION_TABLE}
    await migrate_to(empty_database, "head")
    assert await table_names(empty_database) == model_tables | {VERSION_TABLE}


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"},
    )
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    # database_url is the run's database, upgraded to head by the migrations alone.
    engine = create_engine(Settings(database_url=database_url))
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == [], "autogenerate would write a migration for:\n" + "\n".join(
        map(str, differences)
    )


async def test_each_revision_upgrades_and_downgrades_on_its_own(empty_database: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(empty_database))
    revisions = list(reversed(list(script.walk_revisions())))
    for revision in revisions:
        await migrate_to(empty_database, revision.revision)
    for _ in revisions:
        await migrate_down(empty_database, "-1")
    assert await table_names(empty_database) <= {VERSION_TABLE}
