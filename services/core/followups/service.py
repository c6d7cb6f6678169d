"""Follow-ups: what happens after an activity, so it does not stay a one-off."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail import service as accountmail
from services.core.activities import service as activities
from services.core.activities.models import Activity
from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match, shown
from services.core.common.errors import ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.common.references import References, ensure_fields_in_network, ensure_member
from services.core.db.types import utcnow
from services.core.findings import detection
from services.core.followups import repository as repo
from services.core.followups.models import FollowUp
from services.core.followups.schemas import (
    FollowUpCreate,
    FollowUpFilters,
    FollowUpRead,
    FollowUpUpdate,
)
from services.core.networks.models import Network
from services.core.organisations.models import Organisation
from services.core.users import repository as users_repo
from services.core.webhooks import events


async def get(
    session: AsyncSession, principal: Principal, follow_up_id: uuid.UUID, least: Role = Role.viewer
) -> FollowUp:
    follow_up = await repo.by_id(session, follow_up_id)
    return principal.require_found(follow_up, least, "follow-up")


async def show(
    session: AsyncSession, principal: Principal, follow_up_id: uuid.UUID
) -> Shown[FollowUpRead]:
    """One follow-up as the API shows it."""
    return shown(FollowUpRead.model_validate, await get(session, principal, follow_up_id))


async def list_follow_ups(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    filters: FollowUpFilters,
    *,
    limit: int,
    cursor: str | None,
) -> Page[FollowUpRead]:
    principal.require(network_id, Role.viewer, "network")
    stmt = repo.listing(network_id, filters, principal.user_id)
    order = [FollowUp.due_on, FollowUp.id]
    page = await paginate(session, stmt, order, limit=limit, cursor=cursor)
    return page.map(FollowUpRead.model_validate)


async def list_for_activity(
    session: AsyncSession,
    principal: Principal,
    activity_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> Page[FollowUpRead]:
    activity = await activities.get(session, principal, activity_id)
    filters = FollowUpFilters(activity_id=activity.id)
    return await list_follow_ups(
        session, principal, activity.network_id, filters, limit=limit, cursor=cursor
    )


async def _today(session: AsyncSession, network_id: uuid.UUID) -> dt.date:
    network = await session.get(Network, network_id)
    timezone = ZoneInfo(network.timezone if network else "UTC")
    return utcnow().astimezone(timezone).date()


async def _settle(session: AsyncSession, follow_up: FollowUp, *, explicit_completed: bool) -> None:
    if follow_up.status == "done":
        if follow_up.completed_on is None:
            follow_up.completed_on = await _today(session, follow_up.network_id)
    elif follow_up.completed_on is not None:
        if explicit_completed:
            raise ValidationFailed(
                "/completed_on", "completed_on only goes with status done", "completed_needs_done"
            )
        # Re-opening a follow-up clears when it was completed.
        follow_up.completed_on = None


REFERENCES: References = {
    "owner_organisation_id": (Organisation, "organisation"),
    "follow_up_activity_id": (Activity, "activity"),
}


async def _check_references(
    session: AsyncSession, network_id: uuid.UUID, values: dict[str, object]
) -> None:
    await ensure_fields_in_network(session, network_id, values, REFERENCES)
    assignee = values.get("assignee_user_id")
    if isinstance(assignee, uuid.UUID):
        await ensure_member(session, network_id, assignee, pointer="/assignee_user_id")


async def _notify_assignee(
    session: AsyncSession, principal: Principal, follow_up: FollowUp, before: uuid.UUID | None
) -> None:
    """Someone newly made responsible for a follow-up hears of it, unless they did it."""
    assignee = follow_up.assignee_user_id
    if assignee is None or assignee == before or principal.is_user(assignee):
        return
    user = await users_repo.by_id(session, assignee)
    if user is None or not user.is_active:
        return
    by = await users_repo.by_id(session, principal.user_id) if principal.user_id else None
    await accountmail.notify_assignee(
        session,
        follow_up_id=follow_up.id,
        assignee_id=user.id,
        to_email=user.email,
        to_name=user.name,
        language=user.reads,
        assigned_by=(by.name or by.email) if by else "",
    )


async def create(
    session: AsyncSession, principal: Principal, activity_id: uuid.UUID, data: FollowUpCreate
) -> Shown[FollowUpRead]:
    activity = await activities.get(session, principal, activity_id, Role.member)
    values = data.model_dump()
    await _check_references(session, activity.network_id, values)
    follow_up = FollowUp(
        network_id=activity.network_id,
        activity_id=activity.id,
        created_by=principal.user_id,
        **values,
    )
    await _settle(session, follow_up, explicit_completed=data.completed_on is not None)
    session.add(follow_up)
    await session.flush()
    await detection.recheck_activity(session, follow_up.network_id, follow_up.activity_id)
    if follow_up.status == "planned":
        await _notify_assignee(session, principal, follow_up, None)
    # Recorded as already done: a partner counting completions must hear of it too.
    done = ("follow_up.completed",) if follow_up.status == "done" else ()
    answer = shown(FollowUpRead.model_validate, follow_up)
    await events.announce(session, follow_up.network_id, answer.item, "follow_up.created", *done)
    return answer


async def update(
    session: AsyncSession,
    principal: Principal,
    follow_up_id: uuid.UUID,
    data: FollowUpUpdate,
    if_match: str | None,
) -> Shown[FollowUpRead]:
    follow_up = await get(session, principal, follow_up_id, Role.member)
    await check_if_match(session, follow_up, if_match)
    changes = data.changes()
    await _check_references(session, follow_up.network_id, changes)
    was_done = follow_up.status == "done"
    assigned_before = follow_up.assignee_user_id
    for name, value in changes.items():
        setattr(follow_up, name, value)
    explicit = changes.get("completed_on") is not None
    await _settle(session, follow_up, explicit_completed=explicit)
    await session.flush()
    await detection.recheck_activity(session, follow_up.network_id, follow_up.activity_id)
    if follow_up.status == "planned":
        await _notify_assignee(session, principal, follow_up, assigned_before)
    answer = shown(FollowUpRead.model_validate, follow_up)
    if follow_up.status == "done" and not was_done:
        await events.announce(session, follow_up.network_id, answer.item, "follow_up.completed")
    return answer


async def delete(session: AsyncSession, principal: Principal, follow_up_id: uuid.UUID) -> None:
    follow_up = await get(session, principal, follow_up_id, Role.member)
    await session.delete(follow_up)
    await session.flush()
