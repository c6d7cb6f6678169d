"""The async engine and session factory, with SQLite tuned for a small concurrent server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, ExecutionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from services.core.common import callercache
from services.core.settings import Settings

# Marks a session whose transaction will write, so SQLite takes the write lock up front
# (BEGIN IMMEDIATE) instead of failing with "database is locked" on lock upgrade.
WRITE_OPTION = "drumbeat_write"
# Marks a write that is not worth waiting for (bookkeeping a read request does on the side):
# on SQLite it fails at once with "database is locked" when another writer holds the lock.
NOWAIT_OPTION = "drumbeat_nowait"
_BUSY_TIMEOUT = "drumbeat_busy_timeout_ms"


def _sqlite_setup(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
        record.info[_BUSY_TIMEOUT] = busy_timeout_ms

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        write = options.get(WRITE_OPTION, False)
        # The timeout belongs to the connection, which the pool hands to the next transaction:
        # set it only when this transaction wants another one than the connection has.
        wanted = 0 if write and options.get(NOWAIT_OPTION, False) else busy_timeout_ms
        info = conn.connection.info
        if info.get(_BUSY_TIMEOUT) != wanted:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wanted)}")
            info[_BUSY_TIMEOUT] = wanted
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# Statements sent on the connection since its transaction began (see _retry_first_statement).
_STATEMENTS = "drumbeat_statements"


def _reconnect_setup(engine: AsyncEngine) -> None:
    """Instead of a ping before every checkout (a round trip per transaction), recover when
    the first statement of a transaction finds its pooled connection dropped (a restarted
    server, a killed backend, an idle timeout on the way): reconnect and send it again.

    Only the first statement: nothing was done in that transaction yet, and the server rolls
    back whatever a connection left open when it died, so sending it again does it once.
    A connection that drops later fails its transaction as it would anyway.
    """
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.info[_STATEMENTS] = 0

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _count(conn: Connection, *_: Any) -> None:
        conn.info[_STATEMENTS] = conn.info.get(_STATEMENTS, 0) + 1

    @event.listens_for(sync_engine, "do_execute")
    def _do_execute(
        cursor: Any, statement: str, parameters: Any, context: ExecutionContext
    ) -> bool | None:
        return _retry_first_statement(cursor, statement, parameters, context)

    @event.listens_for(sync_engine, "do_execute_no_params")
    def _do_execute_no_params(
        cursor: Any, statement: str, context: ExecutionContext
    ) -> bool | None:
        return _retry_first_statement(cursor, statement, None, context)


def _retry_first_statement(
    cursor: Any, statement: str, parameters: Any, context: ExecutionContext
) -> bool | None:
    conn = context.root_connection
    try:
        first = conn.info.get(_STATEMENTS) == 1
    except NotImplementedError:
        return None  # the dialect's first look at a new connection, outside the pool
    if not first or context.execution_options.get("isolation_level") == "AUTOCOMMIT":
        return None  # the dialect executes it as usual
    dialect = context.dialect

    def execute(cursor: Any) -> None:
        if parameters is None:
            dialect.do_execute_no_params(cursor, statement, context)
        else:
            dialect.do_execute(cursor, statement, parameters, context)

    try:
        execute(cursor)
    except dialect.loaded_dbapi.Error as exc:
        # The pool's _ConnectionFairy: its record is what reconnects.
        pooled: Any = conn.connection
        if not dialect.is_disconnect(exc, pooled.dbapi_connection, cursor):
            raise
        # What the pool itself does when a checkout's ping fails: replace this connection and
        # have every other one that is older replaced when it is next checked out.
        record = pooled._connection_record
        record.invalidate(exc)
        conn.engine.pool._invalidate(pooled, exc, _checkin=False)
        pooled.dbapi_connection = record.get_connection()
        conn.info[_STATEMENTS] = 1
        context.cursor = context.create_cursor()
        execute(context.cursor)
    return True


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(settings: Settings, **overrides: Any) -> AsyncEngine:
    url = make_url(settings.database_url)
    kwargs: dict[str, Any] = {"echo": settings.database_echo}
    if url.get_backend_name() == "sqlite":
        # A ping costs SQLite no round trip; PostgreSQL recovers on the first statement instead.
        kwargs["pool_pre_ping"] = True
        if url.database and url.database != ":memory:":
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_size"] = settings.database_pool_size
        kwargs["max_overflow"] = settings.database_pool_size
        # No JIT: every query here runs in well under a second, and compiling one costs more
        # than it saves (180 ms of a 1.6 s insights aggregate on the 1 000 000-activity bench).
        kwargs["connect_args"] = {"server_settings": {"jit": "off"}}
    kwargs.update(overrides)
    engine = create_async_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        _sqlite_setup(engine, settings.database_busy_timeout_ms)
    elif not kwargs.get("pool_pre_ping"):
        _reconnect_setup(engine)
    callercache.watch(engine)
    return engine


def create_sessionmaker(
    engine: AsyncEngine, *, write: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions whose transactions read, or (``write``) take the write lock when they begin.

    The write flag travels on the bind, so nothing connects before the first query: a request
    can finish its own short bookkeeping transactions before its main one starts.
    """
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=True)


@asynccontextmanager
async def unit_of_work(
    sessionmaker: async_sessionmaker[AsyncSession], *, write: bool = True, wait: bool = True
) -> AsyncIterator[AsyncSession]:
    """One transaction, committed here if all went well and rolled back otherwise: the one
    commit point of a worker job, and of an API request (``api.deps.get_session``).

    ``wait=False``: a write that gives up at once if another writer holds SQLite's lock
    (``dialect.is_busy`` tells that error apart), for bookkeeping that can be done later.
    """
    async with sessionmaker() as session:
        if write:
            options = {WRITE_OPTION: True, NOWAIT_OPTION: not wait}
            await session.connection(execution_options=options)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
