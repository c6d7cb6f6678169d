"""The one switch for SQL that differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession


def name(session: AsyncSession) -> str:
    bind = session.get_bind()
    return bind.dialect.name


def json_array_contains(dialect: str, column: Any, value: str) -> ColumnElement[bool]:
    """``value`` is an element of the JSON array in ``column``."""
    if dialect == "postgresql":
        return column.contains([value])  # type: ignore[no-any-return]
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
    result = await session.scalar(
        select(func.pg_try_advisory_xact_lock(_lock_key(namespace, key)))
    )
    return bool(result)
