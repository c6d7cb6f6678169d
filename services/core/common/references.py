"""Checks that ids inside a request body name objects of the same network.

An id of another network answers exactly like an id that does not exist (404), so a caller
learns nothing about networks they are not in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.errors import NotFound
from services.core.networks.models import Membership


async def ensure_in_network(
    session: AsyncSession,
    model: Any,
    network_id: uuid.UUID,
    ids: Sequence[uuid.UUID | None],
    *,
    pointer: str,
    what: str,
    indexed: bool = False,
) -> None:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    stmt = select(model.id).where(model.network_id == network_id, model.id.in_(wanted))
    found = set((await session.scalars(stmt)).all())
    for position, value in enumerate(ids):
        if value is not None and value not in found:
            raise NotFound(what, pointer=f"{pointer}/{position}" if indexed else pointer)


# A body field holding one id -> the model it names and what to call it in a 404.
References = Mapping[str, tuple[Any, str]]


async def ensure_fields_in_network(
    session: AsyncSession,
    network_id: uuid.UUID,
    values: Mapping[str, object],
    references: References,
) -> None:
    """Each field of ``references`` that ``values`` sets to an id names an object of the
    network (a field left out or null is not checked); the 404 points at the field."""
    for field, (model, what) in references.items():
        value = values.get(field)
        if isinstance(value, uuid.UUID):
            await ensure_in_network(
                session, model, network_id, [value], pointer=f"/{field}", what=what
            )


async def ensure_member(
    session: AsyncSession, network_id: uuid.UUID, user_id: uuid.UUID | None, *, pointer: str
) -> None:
    if user_id is None:
        return
    stmt = select(Membership.id).where(
        Membership.network_id == network_id, Membership.user_id == user_id
    )
    if (await session.scalar(stmt)) is None:
        raise NotFound("user", pointer=pointer)
