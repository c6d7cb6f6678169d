"""CSV exports of a network's activities, follow-ups and findings.

Each export is a stream of text chunks: the rows are read in keyset batches (the lists' own
pagination, in ascending order), converted and written out batch by batch, and the session
forgets each batch before reading the next, so memory stays flat however many rows there are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from services.core.activities import repository as activities_repo
from services.core.activities import service as activities
from services.core.activities.models import Activity
from services.core.activities.schemas import ActivityQuery, ActivityRead
from services.core.common.authz import Principal, Role
from services.core.common.errors import NotFound
from services.core.common.pagination import paginate
from services.core.db.types import utcnow
from services.core.exchange import csvfmt
from services.core.exchange import repository as repo
from services.core.exchange.schemas import (
    ACTIVITY_COLUMNS,
    FINDING_COLUMNS,
    FOLLOW_UP_COLUMNS,
    FindingQuery,
)
from services.core.findings import repository as findings_repo
from services.core.findings.models import Finding
from services.core.findings.schemas import FindingFilters
from services.core.followups import repository as followups_repo
from services.core.followups.models import FollowUp
from services.core.followups.schemas import FollowUpQuery

BATCH = 500


async def check_readable(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> None:
    """Checked before a stream starts: once the first byte is out, the status is 200."""
    principal.require(network_id, Role.viewer, "network")
    if await repo.network(session, network_id) is None:
        raise NotFound("network")


async def _batches(
    session: AsyncSession, stmt: Select[Any], order: Sequence[InstrumentedAttribute[Any]]
) -> AsyncIterator[list[Any]]:
    cursor: str | None = None
    while True:
        page = await paginate(session, stmt, order, limit=BATCH, cursor=cursor)
        yield page.items
        session.expunge_all()
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _activity_row(
    activity: ActivityRead, organisations: dict[uuid.UUID, str], series: dict[uuid.UUID, str]
) -> list[object]:
    gender = activity.participants_by_gender
    return [
        activity.id,
        activity.title,
        activity.description,
        activity.kind,
        activity.modality,
        activity.status,
        activity.starts_at,
        activity.ends_at,
        activity.location,
        activity.country,
        activity.capacity_areas,
        activity.skill_kinds,
        activity.themes,
        [organisations[i] for i in activity.facilitator_ids],
        [organisations[i] for i in activity.participant_ids],
        activity.participants_count,
        *(
            [gender.women, gender.men, gender.non_binary, gender.undisclosed]
            if gender
            else [None] * 4
        ),
        series.get(activity.series_id) if activity.series_id else None,
        activity.cascade_of,
        activity.follow_up_expected,
        activity.created_at,
        activity.updated_at,
    ]


async def activities_csv(
    session: AsyncSession, network_id: uuid.UUID, query: ActivityQuery
) -> AsyncIterator[str]:
    names = {o.id: o.name for o in await repo.organisation_refs(session, network_id)}
    series = await repo.series_titles(session, network_id)
    yield csvfmt.lines([ACTIVITY_COLUMNS])
    stmt = activities_repo.listing(network_id, query)
    async for batch in _batches(session, stmt, [Activity.starts_at, Activity.id]):
        reads = await activities.to_read(session, batch)
        yield csvfmt.lines(_activity_row(read, names, series) for read in reads)


async def follow_ups_csv(
    session: AsyncSession,
    network_id: uuid.UUID,
    query: FollowUpQuery,
    caller: uuid.UUID | None,
) -> AsyncIterator[str]:
    names = {o.id: o.name for o in await repo.organisation_refs(session, network_id)}
    yield csvfmt.lines([FOLLOW_UP_COLUMNS])
    stmt = followups_repo.listing(network_id, query, caller)
    batch: list[FollowUp]
    async for batch in _batches(session, stmt, [FollowUp.due_on, FollowUp.id]):
        titles = await repo.activity_titles(session, {f.activity_id for f in batch})
        yield csvfmt.lines(
            [
                f.id,
                f.activity_id,
                titles.get(f.activity_id),
                f.title,
                f.kind,
                names.get(f.owner_organisation_id) if f.owner_organisation_id else None,
                f.assignee_user_id,
                f.due_on,
                f.status,
                f.completed_on,
                f.follow_up_activity_id,
                f.notes,
                f.created_at,
                f.updated_at,
            ]
            for f in batch
        )


async def findings_csv(
    session: AsyncSession, network_id: uuid.UUID, query: FindingQuery
) -> AsyncIterator[str]:
    network = await repo.network(session, network_id)
    yield csvfmt.lines([FINDING_COLUMNS])
    filters = FindingFilters(kind=query.kind, status=query.status)
    now = utcnow()
    stmt = findings_repo.listing(network_id, filters, now)
    batch: list[Finding]
    async for batch in _batches(session, stmt, [Finding.opened_at, Finding.id]):
        activities, series, follow_ups = await findings_repo.titles(session, batch)
        yield csvfmt.lines(
            [
                f.id,
                network.name if network else None,
                f.kind,
                _shown_status(f, now),
                _subject_title(f, activities, series),
                f.activity_id,
                follow_ups.get(f.follow_up_id) if f.follow_up_id else None,
                f.follow_up_id,
                # An overdue finding's condition is its follow-up's due date (a moved date
                # is a new finding), kept as expected_on: no second read of the follow-ups.
                f.expected_on if f.kind == "overdue_follow_up" else None,
                f.series_id,
                f.expected_on,
                f.arose_at,
                f.opened_at,
                f.resolved_at,
                f.snoozed_until,
                f.dismissed_reason,
            ]
            for f in batch
        )


def _shown_status(finding: Finding, now: dt.datetime) -> str:
    """Acknowledged findings whose snooze has not ended are snoozed, as the web app says."""
    if finding.status == "acknowledged" and finding.snoozed_until and finding.snoozed_until > now:
        return "snoozed"
    return finding.status


def _subject_title(
    finding: Finding, activities: dict[uuid.UUID, str], series: dict[uuid.UUID, str]
) -> str | None:
    """What the finding is about: its series (a missed meeting) or its activity."""
    if finding.series_id:
        return series.get(finding.series_id)
    return activities.get(finding.activity_id) if finding.activity_id else None
