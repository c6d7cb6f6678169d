"""Test fixtures: every test runs against each selected database, on a migrated schema.

``--db sqlite`` (default), ``--db postgresql`` or ``--db all``; with
``DRUMBEAT_TEST_POSTGRES_URL`` set the default becomes ``all``. PostgreSQL runs get a fresh
database per test run, dropped at the end. Between tests every table is emptied, so each test
starts from nothing and may commit freely, exactly as the app does.

Under pytest-xdist (``make test`` runs ``-n auto``) every worker is a session of its own: its
own SQLite file and PostgreSQL database (dropped by that worker), outbox and loopback ports.
"""

from __future__ import annotations

import ipaddress
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.db.engine import create_engine
from services.core.db.models import Base
from services.core.settings import Settings
from services.core.webhooks import guard
from tests.support import World

if TYPE_CHECKING:
    from tests.worker.helpers import Inbox

POSTGRES_ENV = "DRUMBEAT_TEST_POSTGRES_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    default = "all" if os.environ.get(POSTGRES_ENV) else "sqlite"
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql", "all"],
        default=default,
        help="which databases to run the suite on (default: %(default)s)",
    )


def selected_backends(config: pytest.Config) -> list[str]:
    choice = config.getoption("--db")
    backends = ["sqlite", "postgresql"] if choice == "all" else [choice]
    if "postgresql" in backends and not os.environ.get(POSTGRES_ENV):
        raise pytest.UsageError(f"--db {choice} needs {POSTGRES_ENV} (a postgresql+asyncpg URL)")
    return backends


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize(
            "backend", selected_backends(metafunc.config), indirect=True, scope="session"
        )


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _asyncpg_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


async def _on_server(server_url: str, statement: str) -> None:
    """Run one statement on the server's maintenance database (databases are made from there)."""
    maintenance = make_url(server_url).database or "postgres"
    conn = await asyncpg.connect(_asyncpg_dsn(server_url, maintenance))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def create_postgres_database(server_url: str) -> str:
    name = f"drumbeat_test_{uuid.uuid4().hex[:12]}"
    await _on_server(server_url, f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    await _on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def database_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A migrated, empty database of the requested kind, for the whole run."""
    from tests.support import migrate_to

    if backend == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "drumbeat.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        await migrate_to(url, "head")
        yield url
        return
    server = os.environ[POSTGRES_ENV]
    url = await create_postgres_database(server)
    try:
        await migrate_to(url, "head")
        yield url
    finally:
        await drop_postgres_database(server, url)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # Emails land in this process's own temporary directory, not the checkout's var/outbox,
    # which every parallel test worker (and `make run`) would share.
    return Settings(database_url=database_url, outbox_dir=tmp_path_factory.mktemp("outbox"))


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    yield engine
    await engine.dispose()


async def empty_all_tables(engine: AsyncEngine) -> None:
    # Children before parents. DELETE, not TRUNCATE, on PostgreSQL too: on a handful of rows it
    # is some fifty times faster, and this runs after every test.
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with engine.begin() as conn:
        for table in tables:
            await conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - our own names


@pytest_asyncio.fixture(loop_scope="session")
async def clean_engine(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    yield engine
    await empty_all_tables(engine)


@pytest.fixture
def sqlite_only(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")


# The one public address that offline_resolver answers every host name with.
PUBLIC_ADDRESS = ipaddress.ip_address("93.184.215.14")


@pytest.fixture
def offline_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook guard resolves without the network: an address literal is itself, every
    name one public address. URLs are still checked as in production (https, public only)."""

    async def resolve(host: str, port: int) -> list[guard.IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            return [PUBLIC_ADDRESS]

    monkeypatch.setattr(guard, "resolve", resolve)


@pytest.fixture
def mailbox(inbox: tuple[Inbox, int]) -> Inbox:
    """What the test's SMTP server received (its ``inbox`` fixture, without the port)."""
    return inbox[0]


# One app per database for the whole run: FastAPI builds each route's handler on its first
# request, which costs more than most tests. The app keeps no state between requests (the
# database does), and `world` disposes its engine's connections after every test.
@pytest.fixture(scope="session")
def app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    return create_app(settings)


@pytest_asyncio.fixture(loop_scope="session")
async def world(clean_engine: AsyncEngine, app: FastAPI) -> AsyncIterator[World]:
    from tests.support import build_world

    yield await build_world(clean_engine, app)
    await app.state.engine.dispose()
