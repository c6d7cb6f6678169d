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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db import dialect
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow, uuid7
from services.core.findings import repository as repo
from services.core.findings.models import Finding, NewFinding
from services.core.findings.schemas import FindingRead
from services.core.networks.models import Network
from services.core.observability import metrics
from services.core.reminders import scheduling
from services.core.series import repository as series_repo
from services.core.series.models import Series
from services.core.series.occurrences import SERIES_LOOKBACK, due_occurrences
from services.core.webhooks import events

log = logging.getLogger("drumbeat.detection")

# Findings opened (and their reminders scheduled) per bulk write.
OPEN_PER_BATCH = 5_000
# A pass that opened this many findings refreshes the planner's statistics afterwards.
BULK_OPENED = 1_000


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
    failed_networks: int = 0
    opened: int = 0
    resolved: int = 0
    unsnoozed: int = 0

    def add(self, other: PassStats) -> None:
        self.networks += other.networks
        self.skipped_networks += other.skipped_networks
        self.failed_networks += other.failed_networks
        self.opened += other.opened
        self.resolved += other.resolved
        self.unsnoozed += other.unsnoozed


def _start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def series_gaps(series: Series, held: list[dt.datetime], now: dt.datetime) -> list[Condition]:
    """Occurrences whose tolerance has passed with no held activity of the series near them
    (``held``: the starts of its held activities, sorted)."""
    tolerance = dt.timedelta(days=series.tolerance_days)
    return [
        Condition(
            key=f"series_gap:{series.id}:{occurrence.local_date.isoformat()}",
            kind="series_gap",
            arose_at=occurrence.at + tolerance,
            series_id=series.id,
            expected_on=occurrence.local_date,
        )
        for occurrence, kept in due_occurrences(series, held, now)
        if not kept
    ]


async def series_conditions(
    session: AsyncSession, network: Network, now: dt.datetime
) -> dict[str, Condition]:
    """Every missed occurrence of the network's active series (few: expanded in Python)."""
    all_series = await series_repo.active_series(session, network.id)
    longest = max((s.tolerance_days for s in all_series), default=0)
    held = await repo.held_starts_by_series(
        session, [s.id for s in all_series], now - SERIES_LOOKBACK - dt.timedelta(days=longest)
    )
    return {
        condition.key: condition
        for series in all_series
        for condition in series_gaps(series, held[series.id], now)
    }


async def new_and_gone(
    session: AsyncSession, network: Network, now: dt.datetime
) -> tuple[list[Condition], list[Finding]]:
    """Conditions violated now without a finding, and findings whose condition is gone.

    The follow-up rules ask SQL for the difference directly (anti-joins over indexes), so a
    pass where nothing changed reads next to nothing whatever the size of the network.
    """
    zone = ZoneInfo(network.timezone)
    grace = dt.timedelta(days=network.follow_up_grace_days)
    today = now.astimezone(zone).date()
    new = [
        Condition(
            f"missing_follow_up:{activity_id}",
            "missing_follow_up",
            ends_at + grace,
            activity_id=activity_id,
        )
        for activity_id, ends_at in await repo.new_missing_follow_ups(
            session, network.id, now - grace
        )
    ]
    new += [
        Condition(
            f"overdue_follow_up:{follow_up_id}:{due_on.isoformat()}",
            "overdue_follow_up",
            _start_of_day(due_on + dt.timedelta(days=1), zone),
            activity_id=activity_id,
            follow_up_id=follow_up_id,
            expected_on=due_on,
        )
        for follow_up_id, activity_id, due_on in await repo.new_overdue_follow_ups(
            session, network.id, today
        )
    ]
    gone = await repo.gone_missing_follow_ups(session, network.id, now - grace)
    gone += await repo.gone_overdue_follow_ups(session, network.id, today)

    gaps = await series_conditions(session, network, now)
    recorded = await repo.unresolved_series_gaps(session, network.id)
    new += [condition for key, condition in gaps.items() if key not in recorded]
    gone += await repo.by_ids(session, [id_ for key, id_ in recorded.items() if key not in gaps])
    return new, gone


async def recheck_activity(
    session: AsyncSession, network_id: uuid.UUID, activity_id: uuid.UUID
) -> list[Finding]:
    """Resolve at once the follow-up findings about one activity whose condition a change
    has just removed (a follow-up planned or done, a due date moved, the activity cancelled),
    so the page that made the change shows the finding resolved instead of waiting for the
    worker's next pass. Only resolving happens here: opening waits for the pass, whose clock
    the grace periods and due dates run on.

    Skipped (the pass will do it) while a detection pass holds the network, so that a finding
    is never resolved, and announced, twice.
    """
    if not await dialect.try_transaction_lock(session, "detect", str(network_id)):
        return []
    network = await session.get(Network, network_id)
    if network is None:
        return []
    now = utcnow()
    grace = dt.timedelta(days=network.follow_up_grace_days)
    today = now.astimezone(ZoneInfo(network.timezone)).date()
    gone = await repo.gone_missing_follow_ups(session, network.id, now - grace, activity_id)
    gone += await repo.gone_overdue_follow_ups(session, network.id, today, activity_id)
    await _resolve(session, network, gone, now)
    return gone


async def _resolve(
    session: AsyncSession, network: Network, gone: list[Finding], now: dt.datetime
) -> None:
    await repo.resolve(session, gone, now)
    await _announce(session, network, gone, "finding.resolved", now)
    for finding in gone:
        metrics.FINDINGS_RESOLVED.labels(finding.kind).inc()


async def _announce(
    session: AsyncSession,
    network: Network,
    findings: Sequence[Finding | dict[str, Any]],
    event: str,
    now: dt.datetime,
) -> None:
    """``findings``: objects, or the rows of those just inserted."""
    if not findings or not await events.listening(session, network.id, event):
        return
    data = [FindingRead.model_validate(f).model_dump(mode="json") for f in findings]
    await events.emit_many(session, network.id, event, data, now=now)


async def _open(
    session: AsyncSession, network: Network, conditions: list[Condition], now: dt.datetime
) -> None:
    rows: list[dict[str, Any]] = [
        {
            "id": uuid7(),
            "network_id": network.id,
            "kind": condition.kind,
            "status": "open",
            "condition_key": condition.key,
            "activity_id": condition.activity_id,
            "follow_up_id": condition.follow_up_id,
            "series_id": condition.series_id,
            "expected_on": condition.expected_on,
            "arose_at": condition.arose_at,
            "opened_at": now,
            "resolved_at": None,
            "snoozed_until": None,
            "dismissed_reason": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for condition in conditions
    ]
    await repo.insert_findings(session, rows)
    opened = [NewFinding.of(row) for row in rows]
    await scheduling.schedule(session, network, opened)
    await _announce(session, network, rows, "finding.opened", now)
    for kind, count in Counter(f.kind for f in opened).items():
        metrics.FINDINGS_OPENED.labels(kind).inc(count)


async def detect_network(session: AsyncSession, network: Network, now: dt.datetime) -> PassStats:
    """One network's pass, inside the caller's transaction."""
    stats = PassStats(networks=1)
    new, gone = await new_and_gone(session, network, now)

    await _resolve(session, network, gone, now)
    stats.resolved = len(gone)
    # After resolving, so only findings whose condition still holds wake up.
    stats.unsnoozed = await repo.unsnooze(session, network.id, now)

    # A first pass over a large network opens tens of thousands of findings: written in
    # batches, each in bulk (COPY on PostgreSQL), so memory stays flat whatever the size.
    new.sort(key=lambda c: c.key)
    for first in range(0, len(new), OPEN_PER_BATCH):
        await _open(session, network, new[first : first + OPEN_PER_BATCH], now)
    stats.opened = len(new)
    await session.flush()
    return stats


async def _detect_one(
    sessionmaker: async_sessionmaker[AsyncSession], network_id: uuid.UUID, now: dt.datetime
) -> PassStats:
    async with unit_of_work(sessionmaker) as session:
        if not await dialect.try_transaction_lock(session, "detect", str(network_id)):
            return PassStats(skipped_networks=1)
        network = await session.get(Network, network_id)
        if network is None:
            return PassStats()
        return await detect_network(session, network, now)


async def run_pass(sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime) -> PassStats:
    """Detection over every network, one transaction (and one replica) per network.

    A network whose pass fails (a row no rule foresaw, say) is rolled back alone, logged and
    counted; the other networks still get theirs, and it is tried again next pass.
    """
    total = PassStats()
    async with sessionmaker() as session:
        ids = await repo.network_ids(session)
    for network_id in ids:
        try:
            total.add(await _detect_one(sessionmaker, network_id, now))
        except Exception:
            log.exception("detection failed for network %s; going on with the others", network_id)
            total.failed_networks += 1
            metrics.WORKER_FAILURES.labels("detection", "network").inc()
    if total.opened >= BULK_OPENED:
        async with unit_of_work(sessionmaker) as session:
            await dialect.refresh_statistics(session, ["findings", "reminders"])
    log.info(
        "detection pass: %d networks, %d opened, %d resolved, %d skipped (held by another "
        "worker), %d failed",
        total.networks,
        total.opened,
        total.resolved,
        total.skipped_networks,
        total.failed_networks,
    )
    return total
