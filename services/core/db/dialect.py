"""The one switch for SQL that differs between SQLite and PostgreSQL.

Each difference matches on ``Dialect`` exhaustively, so adding a third database makes mypy
(``assert_never``) and the first query that reaches a difference fail, instead of silently
taking the SQLite branch.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar, assert_never

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    String,
    Table,
    cast,
    exists,
    extract,
    func,
    literal,
    select,
    text,
    true,
)
from sqlalchemy import Dialect as SQLAlchemyDialect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Insert, Select


class Dialect(enum.StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


_S = TypeVar("_S", bound=Select[Any])

# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure and
# deadlock_detected. Each means "another transaction was in the way", never a bad request.
_PG_BUSY = frozenset({"55P03", "40001", "40P01"})
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is the database refusing for now because of other transactions.

    SQLite: a writer that waited busy_timeout for the write lock (or did not wait at all).
    Such a request may be retried as it is; the API answers 503 with Retry-After.
    """
    if not isinstance(exc, DBAPIError):
        return False
    code = getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None)
    if code in _PG_BUSY:
        return True
    return isinstance(exc, OperationalError) and str(exc.orig).lower().startswith(_SQLITE_BUSY)


def of(engine_dialect: SQLAlchemyDialect) -> Dialect:
    """The ``Dialect`` of a SQLAlchemy dialect; any other database is refused here."""
    try:
        return Dialect(engine_dialect.name)
    except ValueError:
        raise NotImplementedError(f"unsupported database: {engine_dialect.name}") from None


def name(session: AsyncSession) -> Dialect:
    return of(session.get_bind().dialect)


def json_array_contains(dialect: Dialect, column: Any, value: str) -> ColumnElement[bool]:
    """``value`` is an element of the JSON array in ``column``."""
    match dialect:
        case Dialect.POSTGRESQL:
            # The column's Python type is the JSON variant, whose contains() renders LIKE;
            # spell out JSONB containment so PostgreSQL can also use a GIN index.
            wanted = func.jsonb_build_array(cast(literal(value), String))
            return column.op("@>", return_type=Boolean)(wanted)  # type: ignore[no-any-return]
        case Dialect.SQLITE:
            each = func.json_each(column).table_valued("value")
            return exists(select(true()).select_from(each).where(each.c.value == literal(value)))
        case _:
            assert_never(dialect)


def stores_naive_utc(dialect: Dialect) -> bool:
    """Whether timestamps are stored without a zone (SQLite compares them as text)."""
    match dialect:
        case Dialect.POSTGRESQL:
            return False
        case Dialect.SQLITE:
            return True
        case _:
            assert_never(dialect)


def skip_locked(dialect: Dialect, stmt: _S) -> _S:
    """``stmt`` picking only rows no other transaction holds, locking them until commit.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so replicas claiming at the same moment take
    disjoint rows without waiting. SQLite: the write transaction (BEGIN IMMEDIATE) already
    excludes every other writer, and there is no row locking to ask for.
    """
    match dialect:
        case Dialect.POSTGRESQL:
            return stmt.with_for_update(skip_locked=True)
        case Dialect.SQLITE:
            return stmt
        case _:
            assert_never(dialect)


def upsert(
    dialect: Dialect,
    model: Any,
    values: Mapping[str, Any],
    *,
    conflict: list[Any],
    set_: Mapping[Any, Any],
) -> Insert:
    """INSERT ``values``, or on a conflict over ``conflict`` UPDATE the row with ``set_``."""
    match dialect:
        case Dialect.POSTGRESQL:
            pg = postgresql.insert(model).values(**values)
            return pg.on_conflict_do_update(index_elements=conflict, set_=dict(set_))
        case Dialect.SQLITE:
            lite = sqlite.insert(model).values(**values)
            return lite.on_conflict_do_update(index_elements=conflict, set_=dict(set_))
        case _:
            assert_never(dialect)


def _lock_key(namespace: str, key: str) -> int:
    import hashlib

    digest = hashlib.sha256(f"{namespace}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def try_transaction_lock(session: AsyncSession, namespace: str, key: str) -> bool:
    """Hold a named lock until the transaction ends; False if another holder has it.

    PostgreSQL: an advisory transaction lock, so one replica at a time runs e.g. a network's
    detection pass. SQLite: writers are serialised by BEGIN IMMEDIATE and one worker runs, so
    the lock is always granted.
    """
    match name(session):
        case Dialect.POSTGRESQL:
            lock = func.pg_try_advisory_xact_lock(_lock_key(namespace, key))
            return bool(await session.scalar(select(lock)))
        case Dialect.SQLITE:
            return True
        case unknown:
            assert_never(unknown)


def days_from_end_to_date(dialect: Dialect, date: Any, timestamp: Any) -> ColumnElement[int]:
    """Whole days from the UTC calendar date of ``timestamp`` to ``date`` (may be negative).

    SQLite stores timestamps as naive UTC text, so its date() is already the UTC date.
    """
    match dialect:
        case Dialect.POSTGRESQL:
            return cast(date - cast(func.timezone("UTC", timestamp), Date), Integer)
        case Dialect.SQLITE:
            return cast(func.julianday(date) - func.julianday(func.date(timestamp)), Integer)
        case _:
            assert_never(dialect)


def utc_year_and_quarter(
    dialect: Dialect, timestamp: Any
) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The calendar year and quarter (1-4) of ``timestamp`` in UTC."""
    match dialect:
        case Dialect.POSTGRESQL:
            utc = func.timezone("UTC", timestamp)
            return (
                cast(extract("year", utc), Integer),
                cast(extract("quarter", utc), Integer),
            )
        case Dialect.SQLITE:
            month = cast(func.strftime("%m", timestamp), Integer)
            return cast(func.strftime("%Y", timestamp), Integer), (month + 2) // 3
        case _:
            assert_never(dialect)


async def refresh_statistics(session: AsyncSession, tables: list[str]) -> None:
    """After a bulk load, let PostgreSQL's planner see the new row counts at once.

    Autovacuum would get there, but a detection pass right after a first pass that opened
    thousands of findings would otherwise plan its anti-joins for an empty table.
    """
    match name(session):
        case Dialect.POSTGRESQL:
            for table in tables:
                await session.execute(text(f"ANALYZE {table}"))
        case Dialect.SQLITE:
            pass
        case unknown:
            assert_never(unknown)


async def bulk_insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the session's transaction, by COPY on PostgreSQL.

    A first detection pass writes hundreds of thousands of findings and reminders; an
    executemany INSERT spends most of its time building and binding parameters in Python,
    COPY sends the rows in PostgreSQL's binary format. Values go through each column type's
    bind processing first, exactly as they would for an INSERT (UTC checks, JSON).
    """
    if not rows:
        return
    match name(session):
        case Dialect.POSTGRESQL:
            await _copy(session, table, rows)
        case Dialect.SQLITE:
            await session.execute(table.insert(), rows)
        case unknown:
            assert_never(unknown)


async def _copy(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    connection = await session.connection()
    dialect = connection.dialect
    # The columns the rows name (the rest take their server defaults, as with INSERT).
    given = [column for column in table.columns if column.key in rows[0]]
    columns = [column.key for column in given]
    processors = [(column.key, column.type._cached_bind_processor(dialect)) for column in given]
    records = [
        tuple(
            row.get(key) if process is None else process(row.get(key))
            for key, process in processors
        )
        for row in rows
    ]
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table.name, records=records, columns=columns
    )
