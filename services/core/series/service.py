"""Recurring platforms and their expected occurrences."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match, shown
from services.core.common.errors import ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.db.types import utcnow
from services.core.series import repository as repo
from services.core.series.models import Series
from services.core.series.occurrences import is_due, of_series
from services.core.series.recurrence import RecurrenceError, held_index
from services.core.series.schemas import (
    OccurrenceRead,
    OccurrenceTimeline,
    SeriesCreate,
    SeriesRead,
    SeriesUpdate,
)

MAX_OCCURRENCES = 500


async def get(
    session: AsyncSession, principal: Principal, series_id: uuid.UUID, least: Role = Role.viewer
) -> Series:
    return principal.require_found(await repo.by_id(session, series_id), least, "series")


async def show(
    session: AsyncSession, principal: Principal, series_id: uuid.UUID
) -> Shown[SeriesRead]:
    """One series as the API shows it."""
    return shown(SeriesRead.model_validate, await get(session, principal, series_id))


async def list_series(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    *,
    active: bool | None,
    limit: int,
    cursor: str | None,
) -> Page[SeriesRead]:
    principal.require(network_id, Role.viewer, "network")
    order = [Series.created_at, Series.id]
    page = await paginate(
        session, repo.listing(network_id, active), order, limit=limit, cursor=cursor
    )
    return page.map(SeriesRead.model_validate)


def _check_invariants(series: Series) -> None:
    if series.ends_on is not None and series.ends_on < series.dtstart.date():
        raise ValidationFailed(
            "/ends_on", "ends_on must not be before dtstart", "ends_before_start"
        )
    if "UNTIL=" in series.rrule and series.ends_on is not None:
        raise ValidationFailed(
            "/ends_on", "give either UNTIL in the rule or ends_on, not both", "until_and_ends_on"
        )
    try:
        # Expanding once proves the rule and dtstart agree (e.g. BYMONTHDAY=31 with FREQ=MONTHLY
        # is fine, but a rule that never fires is a mistake worth telling the user about).
        first = of_series(
            series,
            start=dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
            end=dt.datetime(9000, 1, 1, tzinfo=dt.UTC),
            limit=1,
        )
    except RecurrenceError as exc:
        raise ValidationFailed("/rrule", str(exc), "rrule_invalid") from exc
    if not first:
        raise ValidationFailed(
            "/rrule", "this rule produces no occurrence at all", "rrule_never_occurs"
        )


async def create(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: SeriesCreate
) -> Shown[SeriesRead]:
    principal.require(network_id, Role.member, "network")
    series = Series(network_id=network_id, created_by=principal.user_id, **data.model_dump())
    _check_invariants(series)
    session.add(series)
    await session.flush()
    return shown(SeriesRead.model_validate, series)


async def update(
    session: AsyncSession,
    principal: Principal,
    series_id: uuid.UUID,
    data: SeriesUpdate,
    if_match: str | None,
) -> Shown[SeriesRead]:
    series = await get(session, principal, series_id, Role.member)
    await check_if_match(session, series, if_match)
    for name, value in data.changes().items():
        setattr(series, name, value)
    _check_invariants(series)
    await session.flush()
    return shown(SeriesRead.model_validate, series)


async def delete(session: AsyncSession, principal: Principal, series_id: uuid.UUID) -> None:
    series = await get(session, principal, series_id, Role.member)
    await session.delete(series)
    await session.flush()


async def occurrence_timeline(
    session: AsyncSession,
    principal: Principal,
    series_id: uuid.UUID,
    *,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> OccurrenceTimeline:
    """Expected occurrences in [start, end], each marked held, missed or upcoming; at most
    MAX_OCCURRENCES, and the answer says whether the window held more."""
    series = await get(session, principal, series_id)
    now = now or utcnow()
    # One more than is answered: whether it exists is what `truncated` says.
    expected = of_series(series, start=start, end=end, limit=MAX_OCCURRENCES + 1)
    truncated = len(expected) > MAX_OCCURRENCES
    expected = expected[:MAX_OCCURRENCES]
    tolerance = dt.timedelta(days=series.tolerance_days)
    held = await repo.held_starts(session, series.id, start - tolerance, end + tolerance)
    # The same matching as detection's series_gap findings: the two can never disagree.
    starts = [at for _, at in held]
    timeline = []
    for occurrence in expected:
        index = held_index(starts, occurrence.at, tolerance)
        match = None if index is None else held[index][0]
        if match is not None:
            status = "held"
        elif is_due(occurrence.at, tolerance, now):
            status = "missed"
        else:
            status = "upcoming"
        timeline.append(
            OccurrenceRead(
                at=occurrence.at, local=occurrence.local, status=status, activity_id=match
            )
        )
    return OccurrenceTimeline(items=timeline, truncated=truncated)
