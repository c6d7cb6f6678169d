"""The detection pass: a pure function of the database and `now`.

For one network the pass asks SQL for every condition that is violated right now (each query
selective over an index: held activities past their grace without a live follow-up, planned
follow-ups past due), expands the active series' recurrence rules in their own time zones,
and compares that set with the findings already recorded. New conditions open findings (and
schedule their reminders), conditions that no longer hold resolve theirs, everything else is
left untouched: running the pass twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db import dialect
from services.core.db.engine import unit_of_work
from services.core.db.types import uuid7
from services.core.findings import repository as repo
from services.core.findings.models import Finding
from services.core.findings.schemas import FindingRead
from services.core.networks.models import Network
from services.core.observability import metrics
from services.core.recurrence import occurrences
from services.core.reminders import scheduling
from services.core.series.models import Series
from services.core.webhooks import events

log = logging.getLogger("drumbeat.detection")

# How far back a series is checked for missed occurrences.
SERIES_LOOKBACK = dt.timedelta(days=5 * 366)


@dataclass(frozen=True)
class Condition:
    key: str
    kind: str
    arose_at: dt.datetime
    activity_id: uuid.UUID | None = None
    follow_up_id: uuid.UUID | None = None
    series_id: uuid.UUID | None = None
    expected_on: dt.date | None = None


@dataclass
class PassStats:
    networks: int = 0
    skipped_networks: int = 0
    opened: int = 0
    resolved: int = 0
    unsnoozed: int = 0
    opened_ids: list[uuid.UUID] = field(default_factory=list)
    resolved_ids: list[uuid.UUID] = field(default_factory=list)

    def add(self, other: PassStats) -> None:
        self.networks += other.networks
        self.skipped_networks += other.skipped_networks
        self.opened += other.opened
        self.resolved += other.resolved
        self.unsnoozed += other.unsnoozed
        self.opened_ids += other.opened_ids
        self.resolved_ids += other.resolved_ids


def _start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def series_gaps(series: Series, held: list[dt.datetime], now: dt.datetime) -> list[Condition]:
    """Occurrences whose tolerance has passed with no held activity of the series near them."""
    tolerance = dt.timedelta(days=series.tolerance_days)
    expected = occurrences(
        series.rrule,
        series.dtstart,
        series.timezone,
        start=now - SERIES_LOOKBACK,
        end=now - tolerance,
        ends_on=series.ends_on,
    )
    gaps = []
    for occurrence in expected:
        if occurrence.at + tolerance >= now:
            continue
        if any(abs(start - occurrence.at) <= tolerance for start in held):
            continue
        gaps.append(
            Condition(
                key=f"series_gap:{series.id}:{occurrence.local_date.isoformat()}",
                kind="series_gap",
                arose_at=occurrence.at + tolerance,
                series_id=series.id,
                expected_on=occurrence.local_date,
            )
        )
    return gaps


async def violated_conditions(
    session: AsyncSession, network: Network, now: dt.datetime
) -> dict[str, Condition]:
    zone = ZoneInfo(network.timezone)
    grace = dt.timedelta(days=network.follow_up_grace_days)
    found: dict[str, Condition] = {}

    for activity_id, ends_at in await repo.activities_missing_follow_up(
        session, network.id, now - grace
    ):
        key = f"missing_follow_up:{activity_id}"
        found[key] = Condition(key, "missing_follow_up", ends_at + grace, activity_id=activity_id)

    today = now.astimezone(zone).date()
    for follow_up_id, activity_id, due_on in await repo.overdue_follow_ups(
        session, network.id, today
    ):
        # The due date is part of the condition: moving it re-arms the reminders.
        key = f"overdue_follow_up:{follow_up_id}:{due_on.isoformat()}"
        found[key] = Condition(
            key,
            "overdue_follow_up",
            _start_of_day(due_on + dt.timedelta(days=1), zone),
            activity_id=activity_id,
            follow_up_id=follow_up_id,
        )

    all_series = await repo.active_series(session, network.id)
    held = await repo.held_starts_by_series(
        session,
        [s.id for s in all_series],
        now
        - SERIES_LOOKBACK
        - dt.timedelta(days=max((s.tolerance_days for s in all_series), default=0)),
    )
    for series in all_series:
        for condition in series_gaps(series, held[series.id], now):
            found[condition.key] = condition
    return found


async def _announce(
    session: AsyncSession, network: Network, findings: list[Finding], event: str, now: dt.datetime
) -> None:
    data = [FindingRead.model_validate(f).model_dump(mode="json") for f in findings]
    await events.emit_many(session, network.id, event, data, now=now)


async def detect_network(session: AsyncSession, network: Network, now: dt.datetime) -> PassStats:
    """One network's pass, inside the caller's transaction."""
    stats = PassStats(networks=1)
    violated = await violated_conditions(session, network, now)
    recorded = {
        finding.condition_key: finding for finding in await repo.unresolved(session, network.id)
    }

    gone = [f for key, f in recorded.items() if key not in violated]
    for finding in gone:
        finding.status = "resolved"
        finding.resolved_at = now
    await session.flush()
    await _announce(session, network, gone, "finding.resolved", now)
    stats.resolved, stats.resolved_ids = len(gone), [f.id for f in gone]

    for finding in recorded.values():
        if (
            finding.status == "acknowledged"
            and finding.snoozed_until is not None
            and finding.snoozed_until <= now
            and finding.condition_key in violated
        ):
            # The snooze is over and the condition still holds: it needs attention again.
            finding.status = "open"
            finding.snoozed_until = None
            stats.unsnoozed += 1

    new = [c for key, c in violated.items() if key not in recorded]
    opened = [
        Finding(
            id=uuid7(),
            network_id=network.id,
            kind=condition.kind,
            status="open",
            condition_key=condition.key,
            activity_id=condition.activity_id,
            follow_up_id=condition.follow_up_id,
            series_id=condition.series_id,
            expected_on=condition.expected_on,
            arose_at=condition.arose_at,
            opened_at=now,
            created_at=now,
            updated_at=now,
        )
        for condition in sorted(new, key=lambda c: c.key)
    ]
    session.add_all(opened)
    # Findings before their reminders: no relationship() tells the unit of work the order.
    await session.flush()
    await scheduling.schedule(session, network, opened)
    await _announce(session, network, opened, "finding.opened", now)
    stats.opened_ids = [f.id for f in opened]
    for finding in opened:
        metrics.FINDINGS_OPENED.labels(finding.kind).inc()
    for finding in gone:
        metrics.FINDINGS_RESOLVED.labels(finding.kind).inc()
    stats.opened = len(new)
    await session.flush()
    return stats


async def run_pass(sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime) -> PassStats:
    """Detection over every network, one transaction (and one replica) per network."""
    total = PassStats()
    async with sessionmaker() as session:
        ids = await repo.network_ids(session)
    for network_id in ids:
        async with unit_of_work(sessionmaker) as session:
            if not await dialect.try_transaction_lock(session, "detect", str(network_id)):
                total.skipped_networks += 1
                continue
            network = await session.get(Network, network_id)
            if network is not None:
                total.add(await detect_network(session, network, now))
    log.info(
        "detection pass: %d networks, %d opened, %d resolved, %d skipped (held by another worker)",
        total.networks,
        total.opened,
        total.resolved,
        total.skipped_networks,
    )
    return total
