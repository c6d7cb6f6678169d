from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Row, Select, exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity, ActivityOrganisation
from services.core.activities.schemas import ActivityQuery

FACILITATOR = "facilitator"
PARTICIPANT = "participant"


async def by_id(session: AsyncSession, activity_id: uuid.UUID) -> Activity | None:
    return await session.get(Activity, activity_id)


async def row_by_id(session: AsyncSession, activity_id: uuid.UUID) -> Row[Any] | None:
    """``by_id``'s columns as a plain row, for a read that changes nothing."""
    stmt = select(*Activity.__table__.c).where(Activity.id == activity_id)
    return (await session.execute(stmt)).first()


async def cascade_parent(session: AsyncSession, activity_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(select(Activity.cascade_of).where(Activity.id == activity_id))


def listing(network_id: uuid.UUID, filters: ActivityQuery) -> Select[Activity]:
    stmt = select(Activity).where(Activity.network_id == network_id)
    if filters.id is not None:
        stmt = stmt.where(Activity.id.in_(filters.id))
    if filters.status:
        stmt = stmt.where(Activity.status == filters.status)
    if filters.kind:
        stmt = stmt.where(Activity.kind == filters.kind)
    if filters.series_id:
        stmt = stmt.where(Activity.series_id == filters.series_id)
    if filters.starts_from:
        stmt = stmt.where(Activity.starts_at >= filters.starts_from)
    if filters.starts_to:
        stmt = stmt.where(Activity.starts_at < filters.starts_to)
    if filters.q:
        stmt = stmt.where(func.lower(Activity.title).contains(filters.q.lower()))
    if filters.organisation_id:
        link = select(ActivityOrganisation.activity_id).where(
            ActivityOrganisation.activity_id == Activity.id,
            ActivityOrganisation.organisation_id == filters.organisation_id,
        )
        if filters.role:
            link = link.where(ActivityOrganisation.role == filters.role)
        stmt = stmt.where(exists(link))
    return stmt


async def organisations_of(
    session: AsyncSession, activity_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, list[uuid.UUID]]]:
    """Facilitator and participant ids per activity, in one query for a whole page."""
    result: dict[uuid.UUID, dict[str, list[uuid.UUID]]] = defaultdict(
        lambda: {FACILITATOR: [], PARTICIPANT: []}
    )
    if not activity_ids:
        return result
    # Plain rows, not ORM objects: the same SQL, without building an object (and its identity
    # map entry) for each of a page's links, about 3.5 per activity.
    stmt = (
        select(
            ActivityOrganisation.activity_id,
            ActivityOrganisation.organisation_id,
            ActivityOrganisation.role,
        )
        .where(ActivityOrganisation.activity_id.in_(activity_ids))
        .order_by(ActivityOrganisation.organisation_id)
    )
    for activity_id, organisation_id, role in await session.execute(stmt):
        result[activity_id][role].append(organisation_id)
    return result


async def set_organisations(
    session: AsyncSession, activity_id: uuid.UUID, role: str, organisation_ids: list[uuid.UUID]
) -> None:
    """Make the activity's organisations in ``role`` exactly these, touching only the difference."""
    wanted = list(dict.fromkeys(organisation_ids))
    current = await session.scalars(
        select(ActivityOrganisation).where(
            ActivityOrganisation.activity_id == activity_id, ActivityOrganisation.role == role
        )
    )
    have = set()
    for link in current:
        if link.organisation_id in wanted:
            have.add(link.organisation_id)
        else:
            await session.delete(link)
    session.add_all(
        ActivityOrganisation(activity_id=activity_id, organisation_id=org_id, role=role)
        for org_id in wanted
        if org_id not in have
    )


async def insert_links(session: AsyncSession, links: list[ActivityOrganisation]) -> None:
    """New links in one statement, past the unit of work (their activities are flushed)."""
    if links:
        rows = [
            {"activity_id": k.activity_id, "organisation_id": k.organisation_id, "role": k.role}
            for k in links
        ]
        await session.execute(insert(ActivityOrganisation), rows)
