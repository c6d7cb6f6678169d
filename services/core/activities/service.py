"""Capacity-strengthening activities: who gave, who received, and what they pass on."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities import repository as repo
from services.core.activities.models import Activity, ActivityOrganisation
from services.core.activities.schemas import (
    ActivityCreate,
    ActivityFilters,
    ActivityRead,
    ActivityUpdate,
)
from services.core.audit import recorder
from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match
from services.core.common.errors import ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.common.references import ensure_in_network
from services.core.db.types import utcnow, uuid7
from services.core.findings import detection
from services.core.organisations.models import Organisation
from services.core.series.models import Series
from services.core.webhooks import events

# A cascade chain longer than this is certainly a data-entry loop, not real multiplication.
MAX_CASCADE_DEPTH = 50


_READ_COLUMNS = frozenset(ActivityRead.model_fields) & frozenset(Activity.__table__.c.keys())


def _columns(activity: Activity | Row[Any]) -> dict[str, Any]:
    if isinstance(activity, Row):
        return {k: v for k, v in activity._mapping.items() if k in _READ_COLUMNS}
    return {k: getattr(activity, k) for k in _READ_COLUMNS}


async def to_read(
    session: AsyncSession, activities: Sequence[Activity | Row[Any]]
) -> list[ActivityRead]:
    """Objects or plain rows of ``activities`` (see ``list_activities``) as the API shows them."""
    links = await repo.organisations_of(session, [a.id for a in activities])
    return [
        ActivityRead.model_validate(
            {
                **_columns(activity),
                "facilitator_ids": links[activity.id][repo.FACILITATOR],
                "participant_ids": links[activity.id][repo.PARTICIPANT],
            }
        )
        for activity in activities
    ]


async def _shown(session: AsyncSession, activity: Activity | Row[Any]) -> Shown[ActivityRead]:
    return Shown((await to_read(session, [activity]))[0], activity.version)


def _read_new(activity: Activity, data: ActivityCreate) -> ActivityRead:
    """A just-inserted activity as the API shows it: its links are the ones written from
    ``data``, so they need no reading back (in the order ``to_read`` gives them)."""
    return ActivityRead.model_validate(
        {
            **_columns(activity),
            "facilitator_ids": sorted(set(data.facilitator_ids)),
            "participant_ids": sorted(set(data.participant_ids)),
        }
    )


async def get(
    session: AsyncSession, principal: Principal, activity_id: uuid.UUID, least: Role = Role.viewer
) -> Activity:
    activity = await repo.by_id(session, activity_id)
    return principal.require_found(activity, least, "activity")


async def show(
    session: AsyncSession, principal: Principal, activity_id: uuid.UUID
) -> Shown[ActivityRead]:
    """One activity as the API shows it: read as a plain row (the same SELECT as ``get``),
    without building a tracked object that nothing changes."""
    row = await repo.row_by_id(session, activity_id)
    return await _shown(session, principal.require_found(row, Role.viewer, "activity"))


async def list_activities(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    filters: ActivityFilters,
    *,
    limit: int,
    cursor: str | None,
) -> Page[ActivityRead]:
    principal.require(network_id, Role.viewer, "network")
    # Newest first: what a coordinator looks at is what happened lately or comes next. Plain
    # rows, not objects: a page is only read, and building 50 tracked objects was a quarter
    # of the request's time (bench/api.py).
    page = await paginate(
        session,
        repo.listing(network_id, filters).with_only_columns(*Activity.__table__.c),
        [Activity.starts_at, Activity.id],
        limit=limit,
        cursor=cursor,
        descending=True,
        plain=True,
    )
    return Page(items=await to_read(session, page.items), next_cursor=page.next_cursor)


# Activities about to be created together with the one checked, which the database does not
# hold yet: id -> the activity it passes on (cascade_of).
Planned = Mapping[uuid.UUID, uuid.UUID | None]
NOTHING_PLANNED: Planned = MappingProxyType({})


async def _check_references(
    session: AsyncSession,
    activity: Activity,
    values: dict[str, Any],
    planned: Planned = NOTHING_PLANNED,
) -> None:
    network_id = activity.network_id
    for field in ("facilitator_ids", "participant_ids"):
        if field in values:
            await ensure_in_network(
                session,
                Organisation,
                network_id,
                values[field],
                pointer=f"/{field}",
                what="organisation",
                indexed=True,
            )
    if values.get("series_id") is not None:
        await ensure_in_network(
            session, Series, network_id, [values["series_id"]], pointer="/series_id", what="series"
        )
    if values.get("cascade_of") is not None:
        if values["cascade_of"] not in planned:
            await ensure_in_network(
                session,
                Activity,
                network_id,
                [values["cascade_of"]],
                pointer="/cascade_of",
                what="activity",
            )
        await _no_cascade_loop(session, activity.id, values["cascade_of"], planned)


async def _no_cascade_loop(
    session: AsyncSession, activity_id: uuid.UUID | None, parent: uuid.UUID, planned: Planned
) -> None:
    current: uuid.UUID | None = parent
    for _ in range(MAX_CASCADE_DEPTH):
        if current is None:
            return
        if current == activity_id:
            raise ValidationFailed(
                "/cascade_of", "an activity cannot pass on its own learning", "cascade_cycle"
            )
        if current in planned:
            current = planned[current]
        else:
            current = await repo.cascade_parent(session, current)
    raise ValidationFailed("/cascade_of", "the cascade chain is too long", "cascade_too_long")


def _check_invariants(activity: Activity) -> None:
    if activity.ends_at < activity.starts_at:
        raise ValidationFailed(
            "/ends_at", "ends_at must not be before starts_at", "ends_before_start"
        )
    gender = activity.participants_by_gender
    count = activity.participants_count
    if gender and count is not None and sum(gender.values()) > count:
        raise ValidationFailed(
            "/participants_by_gender",
            "the gender counts add up to more than participants_count",
            "gender_counts_too_high",
        )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in ("facilitator_ids", "participant_ids")}


async def check_new(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    data: ActivityCreate,
    *,
    planned: Planned = NOTHING_PLANNED,
) -> Activity:
    """Every check of ``create``, by reads only: the activity to insert, not yet added.

    A bulk import checks all its rows this way before it takes the write lock; ``planned``
    are its other rows, which cascade_of may name before they exist.
    """
    principal.require(network_id, Role.member, "network")
    values = data.model_dump()
    activity = Activity(
        id=uuid7(),
        network_id=network_id,
        created_by=principal.user_id,
        **_plain(values),
    )
    _check_invariants(activity)
    await _check_references(session, activity, values, planned)
    return activity


async def insert_checked(
    session: AsyncSession, checked: Sequence[tuple[Activity, ActivityCreate]]
) -> None:
    """Write activities that passed ``check_new``, with their organisations and events.

    A few statements for any number: an import's write transaction stays short. Originals
    must come before the activities that pass them on (cascade_of is checked on insert).
    """
    if not checked:
        return
    # The links go in by one Core insert, after their activities (the unit of work would not
    # know to order them, and building and flushing thousands of ORM objects is most of the
    # time an import holds the write lock); their audit events are made here, before the
    # flush takes the lock, and written with the activities'.
    links: list[ActivityOrganisation] = []
    for activity, data in checked:
        own = [
            ActivityOrganisation(activity_id=activity.id, organisation_id=org_id, role=role)
            for role, ids in (
                (repo.FACILITATOR, data.facilitator_ids),
                (repo.PARTICIPANT, data.participant_ids),
            )
            for org_id in dict.fromkeys(ids)
        ]
        recorder.record_created(session, own, activity.network_id)
        links += own
    session.add_all(activity for activity, _ in checked)
    await session.flush()
    await repo.insert_links(session, links)
    network_ids = {activity.network_id for activity, _ in checked}
    for network_id in network_ids:
        if not await events.listening(session, network_id, "activity.created"):
            continue  # spare building payloads nobody receives
        payloads = [
            _read_new(activity, data).model_dump(mode="json")
            for activity, data in checked
            if activity.network_id == network_id
        ]
        await events.emit_many(session, network_id, "activity.created", payloads)


async def create(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: ActivityCreate
) -> Shown[ActivityRead]:
    activity = await check_new(session, principal, network_id, data)
    await insert_checked(session, [(activity, data)])
    return Shown(_read_new(activity, data), activity.version)


async def update(
    session: AsyncSession,
    principal: Principal,
    activity_id: uuid.UUID,
    data: ActivityUpdate,
    if_match: str | None,
) -> Shown[ActivityRead]:
    activity = await get(session, principal, activity_id, Role.member)
    await check_if_match(session, activity, if_match)
    changes = data.changes()
    await _check_references(session, activity, changes)
    was_cancelled = activity.status == "cancelled"
    for name, value in _plain(changes).items():
        setattr(activity, name, value)
    _check_invariants(activity)
    if "facilitator_ids" in changes:
        await repo.set_organisations(
            session, activity.id, repo.FACILITATOR, changes["facilitator_ids"]
        )
    if "participant_ids" in changes:
        await repo.set_organisations(
            session, activity.id, repo.PARTICIPANT, changes["participant_ids"]
        )
    if "facilitator_ids" in changes or "participant_ids" in changes:
        # Who gave and who received is part of the activity: a change to it is a new version.
        activity.updated_at = utcnow()
    await session.flush()
    await detection.recheck_activity(session, activity.network_id, activity.id)
    # Read once: the answer and the events carry the same links.
    shown = await _shown(session, activity)
    if changes:
        cancelled = activity.status == "cancelled" and not was_cancelled
        extra = ("activity.cancelled",) if cancelled else ()
        await events.announce(session, activity.network_id, shown.item, "activity.updated", *extra)
    return shown


async def delete(session: AsyncSession, principal: Principal, activity_id: uuid.UUID) -> None:
    activity = await get(session, principal, activity_id, Role.member)
    await session.delete(activity)
    await session.flush()
