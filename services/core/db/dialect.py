"""The one switch for SQL that differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

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
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

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


def name(session: AsyncSession) -> str:
    bind = session.get_bind()
    return bind.dialect.name


def json_array_contains(dialect: str, column: Any, value: str) -> ColumnElement[bool]:
    """``value`` is an element of the JSON array in ``column``."""
    if dialect == "postgresql":
        # The column's Python type is the JSON variant, whose contains() renders LIKE; spell
        # out JSONB containment so PostgreSQL can also use a GIN index.
        wanted = func.jsonb_build_array(cast(literal(value), String))
        return column.op("@>", return_type=Boolean)(wanted)  # type: ignore[no-any-return]
    each = func.json_each(column).table_valued("value")
    return exists(select(true()).select_from(each).where(each.c.value == literal(value)))


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
    if name(session) != "postgresql":
        return True
    result = await session.scalar(select(func.pg_try_advisory_xact_lock(_lock_key(namespace, key))))
    return bool(result)


def days_from_end_to_date(dialect: str, date: Any, timestamp: Any) -> ColumnElement[int]:
    """Whole days from the UTC calendar date of ``timestamp`` to ``date`` (may be negative).

    SQLite stores timestamps as naive UTC text, so its date() is already the UTC date.
    """
    if dialect == "postgresql":
        return cast(date - cast(func.timezone("UTC", timestamp), Date), Integer)
    return cast(func.julianday(date) - func.julianday(func.date(timestamp)), Integer)


def utc_year_and_quarter(
    dialect: str, timestamp: Any
) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The calendar year and quarter (1-4) of ``timestamp`` in UTC."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", timestamp)
        return (
            cast(extract("year", utc), Integer),
            cast(extract("quarter", utc), Integer),
        )
    month = cast(func.strftime("%m", timestamp), Integer)
    return cast(func.strftime("%Y", timestamp), Integer), (month + 2) // 3


async def refresh_statistics(session: AsyncSession, tables: list[str]) -> None:
    """After a bulk load, let PostgreSQL's planner see the new row counts at once.

    Autovacuum would get there, but a detection pass right after a first pass that opened
    thousands of findings would otherwise plan its anti-joins for an empty table.
    """
    if name(session) == "postgresql":
        for table in tables:
            await session.execute(text(f"ANALYZE {table}"))


async def bulk_insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the session's transaction, by COPY on PostgreSQL.

    A first detection pass writes hundreds of thousands of findings and reminders; an
    executemany INSERT spends most of its time building and binding parameters in Python,
    COPY sends the rows in PostgreSQL's binary format. Values go through each column type's
    bind processing first, exactly as they would for an INSERT (UTC checks, JSON).
    """
    if not rows:
        return
    if name(session) != "postgresql":
        await session.execute(table.insert(), rows)
        return
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
