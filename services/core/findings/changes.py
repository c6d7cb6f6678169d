"""What an incremental detection pass must look at, network by network.

Each network's watermark (``DetectionWatermark``) says how far the last committed pass read.
A pass asks, over every network at once and each question selective over an index:

- which activities, follow-ups and series changed since (``updated_at`` at or after the
  watermark's ``read_from``, which is the previous pass's start less a safety overlap for
  clock skew and transactions still open when it read), and what was deleted since
  (``DetectionTouch``);
- which grace periods and due dates ended between the previous pass's clock and this one;
- which series' occurrences crossed ``now`` (from the series' cached expansions);
- which networks have findings whose subject was deleted, or snoozes that ran out.

The answer for a network is its ``Work``; a network with none needs no transaction at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, null, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.activities.models import Activity
from services.core.db import dialect
from services.core.findings.models import (
    ORPHANED,
    DetectionTouch,
    DetectionWatermark,
    Finding,
)
from services.core.followups.models import FollowUp
from services.core.networks.models import Network
from services.core.series.expansions import Expansions, crosses
from services.core.series.models import Series


@dataclass(frozen=True)
class Mark:
    """A network, with its watermark if a pass has committed one."""

    network_id: uuid.UUID
    timezone: str
    grace_days: int
    network_updated_at: dt.datetime
    watermark: DetectionWatermark | None

    def cutoffs(self, now: dt.datetime) -> tuple[dt.datetime, dt.date]:
        """The grace cutoff and the local date at ``now``."""
        grace = dt.timedelta(days=self.grace_days)
        return now - grace, now.astimezone(ZoneInfo(self.timezone)).date()


@dataclass
class Work:
    """The subjects one network's incremental pass re-checks."""

    activity_ids: set[uuid.UUID] = field(default_factory=set)
    follow_up_ids: set[uuid.UUID] = field(default_factory=set)
    series_ids: set[uuid.UUID] = field(default_factory=set)
    orphans: bool = False
    snoozes: bool = False

    def __bool__(self) -> bool:
        return (
            bool(self.activity_ids or self.follow_up_ids or self.series_ids or self.orphans)
            or self.snoozes
        )

    @property
    def size(self) -> int:
        return len(self.activity_ids) + len(self.follow_up_ids) + len(self.series_ids)


async def marks(session: AsyncSession) -> list[Mark]:
    stmt = (
        select(
            Network.id,
            Network.timezone,
            Network.follow_up_grace_days,
            Network.updated_at,
            DetectionWatermark,
        )
        .outerjoin(DetectionWatermark, DetectionWatermark.network_id == Network.id)
        .order_by(Network.id)
    )
    return [Mark(*row) for row in (await session.execute(stmt)).all()]


async def changed(
    session: AsyncSession, marks: list[Mark], now: dt.datetime, expansions: Expansions
) -> dict[uuid.UUID, Work]:
    """The work of every network that has a watermark (the others get a full pass)."""
    watermarks = {m.network_id: m.watermark for m in marks if m.watermark is not None}
    work: defaultdict[uuid.UUID, Work] = defaultdict(Work)
    if not watermarks:
        return {}
    since = min(w.read_from for w in watermarks.values())
    W = DetectionWatermark  # noqa: N806 - the table, as in SQL

    def since_watermark(network: Any, at: Any, activity: Any, follow_up: Any, series: Any) -> Any:
        # The literal bound lets the planner see how few rows qualify; the join applies
        # each network's own.
        return (
            select(network, activity, follow_up, series)
            .join(W, W.network_id == network)
            .where(at >= since, at >= W.read_from)
        )

    # Per changed row: the network, and the activity, follow-up and series to re-check.
    questions = (
        since_watermark(
            Activity.network_id, Activity.updated_at, Activity.id, null(), Activity.series_id
        ),
        since_watermark(
            FollowUp.network_id, FollowUp.updated_at, FollowUp.activity_id, FollowUp.id, null()
        ),
        since_watermark(Series.network_id, Series.updated_at, null(), null(), Series.id),
        since_watermark(
            DetectionTouch.network_id,
            DetectionTouch.at,
            DetectionTouch.activity_id,
            null(),
            DetectionTouch.series_id,
        ),
    )
    for question in questions:
        for network_id, activity_id, follow_up_id, series_id in await session.execute(question):
            subjects = work[network_id]
            if activity_id is not None:
                subjects.activity_ids.add(activity_id)
            if follow_up_id is not None:
                subjects.follow_up_ids.add(follow_up_id)
            if series_id is not None:
                subjects.series_ids.add(series_id)

    await _ended_since(session, marks, now, work)
    await _series_crossing(session, watermarks, now, expansions, work)

    orphaned = select(Finding.network_id).where(text(ORPHANED)).distinct()
    for network_id in (await session.scalars(orphaned)).all():
        work[network_id].orphans = True
    snoozed = (
        select(Finding.network_id)
        .where(Finding.status == "acknowledged", Finding.snoozed_until <= now)
        .distinct()
    )
    for network_id in (await session.scalars(snoozed)).all():
        work[network_id].snoozes = True
    return {network_id: w for network_id, w in work.items() if network_id in watermarks}


async def _ended_since(
    session: AsyncSession, marks: list[Mark], now: dt.datetime, work: defaultdict[uuid.UUID, Work]
) -> None:
    """Held activities whose grace period ended, and planned follow-ups whose due date
    passed, between each network's previous pass and ``now``: one question per grace period
    and per time zone whose date changed (deployments have few of either)."""
    W = DetectionWatermark  # noqa: N806
    graces: defaultdict[int, list[DetectionWatermark]] = defaultdict(list)
    zones: defaultdict[str, list[DetectionWatermark]] = defaultdict(list)
    for mark in marks:
        if mark.watermark is None:
            continue
        graces[mark.grace_days].append(mark.watermark)
        if mark.watermark.today < mark.cutoffs(now)[1]:
            zones[mark.timezone].append(mark.watermark)
    for grace_days, of_grace in graces.items():
        ended = await _of_networks(
            session,
            Activity,
            Network.follow_up_grace_days == grace_days,
            Activity.status == "held",
            Activity.follow_up_expected.is_(True),
            Activity.ends_at >= min(w.ended_before for w in of_grace),
            Activity.ends_at >= W.ended_before,
            Activity.ends_at < now - dt.timedelta(days=grace_days),
        )
        for network_id, activity_id in ended:
            work[network_id].activity_ids.add(activity_id)
    for zone, of_zone in zones.items():
        due = await _of_networks(
            session,
            FollowUp,
            Network.timezone == zone,
            FollowUp.status == "planned",
            FollowUp.due_on >= min(w.today for w in of_zone),
            FollowUp.due_on >= W.today,
            FollowUp.due_on < now.astimezone(ZoneInfo(zone)).date(),
        )
        for network_id, follow_up_id in due:
            work[network_id].follow_up_ids.add(follow_up_id)


async def _of_networks(
    session: AsyncSession, model: type[Activity] | type[FollowUp], *where: Any
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(network, id) of the rows of ``model`` meeting ``where``, from each watermarked
    network's rows (an index range per network)."""
    W = DetectionWatermark  # noqa: N806
    stmt = (
        select(model.network_id, model.id)
        .select_from(W)
        .join(Network, Network.id == W.network_id)
        .join(model, model.network_id == W.network_id)
        .where(*where)
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def _series_crossing(
    session: AsyncSession,
    watermarks: dict[uuid.UUID, DetectionWatermark],
    now: dt.datetime,
    expansions: Expansions,
    work: defaultdict[uuid.UUID, Work],
) -> None:
    """Active series with an occurrence whose tolerance ran out, or that left the
    look-back, since their network's previous pass."""
    for series in (await session.scalars(select(Series).where(Series.active.is_(True)))).all():
        watermark = watermarks.get(series.network_id)
        if watermark is None:
            continue
        since = watermark.detected_at
        if crosses(series, expansions.get(series, now, since), since, now):
            work[series.network_id].series_ids.add(series.id)


async def advance(
    session: AsyncSession, marks: list[Mark], read_from: dt.datetime, now: dt.datetime
) -> None:
    """Move the watermarks of networks that had nothing to do (and so no transaction of
    their own): by grace period and time zone, which fix their cutoffs."""
    groups: defaultdict[tuple[int, str], list[uuid.UUID]] = defaultdict(list)
    for mark in marks:
        groups[mark.grace_days, mark.timezone].append(mark.network_id)
    for (grace_days, zone), ids in groups.items():
        ended_before = now - dt.timedelta(days=grace_days)
        today = now.astimezone(ZoneInfo(zone)).date()
        for first in range(0, len(ids), 1_000):
            await session.execute(
                update(DetectionWatermark)
                .where(DetectionWatermark.network_id.in_(ids[first : first + 1_000]))
                .values(
                    read_from=read_from, detected_at=now, ended_before=ended_before, today=today
                )
                .execution_options(synchronize_session=False)
            )


async def record(
    session: AsyncSession,
    mark: Mark,
    read_from: dt.datetime,
    now: dt.datetime,
    *,
    reconciled: bool,
) -> None:
    """Write one network's watermark inside the transaction of its pass: it moves only if
    the pass commits."""
    ended_before, today = mark.cutoffs(now)
    values = {
        "read_from": read_from,
        "detected_at": now,
        "ended_before": ended_before,
        "today": today,
    }
    previous = mark.watermark.reconciled_at if mark.watermark is not None else now
    reconciled_at = now if reconciled else previous
    stmt = dialect.upsert(
        dialect.name(session),
        DetectionWatermark,
        {"network_id": mark.network_id, "reconciled_at": reconciled_at, **values},
        conflict=[DetectionWatermark.network_id],
        set_={**values, "reconciled_at": reconciled_at},
    )
    await session.execute(stmt)


async def prune_touches(session: AsyncSession, before: dt.datetime) -> None:
    """Touches every watermark has read past."""
    await session.execute(delete(DetectionTouch).where(DetectionTouch.at < before))
