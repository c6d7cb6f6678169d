from __future__ import annotations

import uuid

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.reflections.models import Reflection
from services.core.reflections.schemas import ReflectionFilters


async def by_id(session: AsyncSession, reflection_id: uuid.UUID) -> Reflection | None:
    return await session.get(Reflection, reflection_id)


def listing(
    network_id: uuid.UUID,
    filters: ReflectionFilters,
    reader: uuid.UUID | None,
    reader_is_coordinator: bool,
) -> Select[Reflection]:
    # Visibility is applied in SQL so that a page never silently shrinks or leaks. An API key
    # (no reader) is no author: it must never match reflections whose author is gone.
    own = Reflection.author_id == reader if reader is not None else false()
    readable = [Reflection.visibility == "network", own]
    if reader_is_coordinator:
        readable.append(Reflection.visibility == "coordinators")
    stmt = select(Reflection).where(and_(Reflection.network_id == network_id, or_(*readable)))
    if filters.activity_id:
        stmt = stmt.where(Reflection.activity_id == filters.activity_id)
    if filters.visibility:
        stmt = stmt.where(Reflection.visibility == filters.visibility)
    if filters.mine:
        stmt = stmt.where(own)
    return stmt
