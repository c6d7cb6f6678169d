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
