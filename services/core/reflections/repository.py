from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db.dialect import Dialect, json_array_contains
from services.core.reflections.models import Reflection
from services.core.reflections.schemas import ReflectionFilters


async def by_id(session: AsyncSession, reflection_id: uuid.UUID) -> Reflection | None:
    return await session.get(Reflection, reflection_id)


def readable_by(
    visibility: Any, own: ColumnElement[bool], reader_is_coordinator: bool
) -> ColumnElement[bool]:
    """service.can_read in SQL: ``visibility`` holds a reflection's visibility, ``own`` is
    whether the reader wrote it. Built from columns, so the audit trail can apply it too."""
    readable = [visibility == "network", own]
    if reader_is_coordinator:
        readable.append(visibility == "coordinators")
    return or_(*readable)


def own(author_id: Any, reader: object | None) -> ColumnElement[bool]:
    # An API key (no reader) is no author: it must never match reflections whose author is gone.
    return author_id == reader if reader is not None else false()


def listing(
    network_id: uuid.UUID,
    filters: ReflectionFilters,
    reader: uuid.UUID | None,
    reader_is_coordinator: bool,
    *,
    dialect_name: Dialect,
) -> Select[Reflection]:
    # Visibility is applied in SQL so that a page never silently shrinks or leaks.
    mine = own(Reflection.author_id, reader)
    readable = readable_by(Reflection.visibility, mine, reader_is_coordinator)
    stmt = select(Reflection).where(and_(Reflection.network_id == network_id, readable))
    if filters.activity_id:
        stmt = stmt.where(Reflection.activity_id == filters.activity_id)
    if filters.visibility:
        stmt = stmt.where(Reflection.visibility == filters.visibility)
    if filters.mine:
        stmt = stmt.where(mine)
    if filters.tag:
        stmt = stmt.where(json_array_contains(dialect_name, Reflection.tags, filters.tag))
    return stmt
