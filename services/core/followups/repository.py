from __future__ import annotations

import uuid

from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.followups.models import FollowUp
from services.core.followups.schemas import FollowUpQuery


async def by_id(session: AsyncSession, follow_up_id: uuid.UUID) -> FollowUp | None:
    return await session.get(FollowUp, follow_up_id)


def listing(
    network_id: uuid.UUID, filters: FollowUpQuery, caller: uuid.UUID | None
) -> Select[FollowUp]:
    stmt = select(FollowUp).where(FollowUp.network_id == network_id)
    if filters.activity_id:
        stmt = stmt.where(FollowUp.activity_id == filters.activity_id)
    if filters.status:
        stmt = stmt.where(FollowUp.status == filters.status)
    if filters.mine:
        # An API key is nobody's assignee: "mine" is empty rather than "unassigned".
        stmt = stmt.where(FollowUp.assignee_user_id == caller if caller else false())
    elif filters.assignee_user_id:
        stmt = stmt.where(FollowUp.assignee_user_id == filters.assignee_user_id)
    if filters.due_before:
        stmt = stmt.where(FollowUp.due_on < filters.due_before)
    return stmt
