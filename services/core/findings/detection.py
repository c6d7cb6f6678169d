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
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db import dialect
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow, uuid7
from services.core.findings import changes, touches
from services.core.findings import repository as repo
from services.core.findings.changes import Work
from services.core.findings.models import Finding, NewFinding
from services.core.findings.schemas import FindingRead
from services.core.networks.models import Network
from services.core.observability import metrics
from services.core.reminders import scheduling
from services.core.series import repository as series_repo
from services.core.series.expansions import CACHE, Expansions
from services.core.series.models import Series
from services.core.series.occurrences import SERIES_LOOKBACK, due_occurrences
from services.core.webhooks import events

log = logging.getLogger("drumbeat.detection")

# Imported for its listener: deletes and moves leave touches for the incremental pass.
assert touches

# Findings opened (and their reminders scheduled) per bulk write.
OPEN_PER_BATCH = 5_000
# A pass that opened this many findings refreshes the planner's statistics afterwards.
BULK_OPENED = 1_000
# Rows changed less this long before a pass began are read again by the next: clock skew
# between the API's hosts and the worker's, and transactions still open when it read.
OVERLAP = dt.timedelta(minutes=5)
# How often each network's incremental passes are checked by a full pass.
RECONCILE_EVERY = dt.timedelta(days=1)
# A network with more changed subjects than this gets a full pass instead (after an outage,
# say): as quick, and without lists of ids that long in a statement.
FULL_ABOVE = 5_000


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
    # Networks that got a full pass, and a reconciliation, and what reconciliation found.
    full_networks: int = 0
    reconciled_networks: int = 0
    missed: int = 0

    def add(self, other: PassStats) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def _start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def series_gaps(
    series: Series,
    held: list[dt.datetime],
    now: dt.datetime,
    expansions: Expansions | None = None,
) -> list[Condition]:
    """Occurrences whose tolerance has passed with no held activity of the series near them
    (``held``: the starts of its held activities, sorted). ``expansions``: a cache to take
    the series' occurrences from (without, they are expanded here)."""
    expansion = expansions.get(series, now) if expansions is not None else None
    expanded = expansion.between(now - SERIES_LOOKBACK, now) if expansion is not None else None
    tolerance = dt.timedelta(days=series.tolerance_days)
    return [
        Condition(
            key=f"series_gap:{series.id}:{occurrence.local_date.isoformat()}",
            kind="series_gap",
            arose_at=occurrence.at + tolerance,
            series_id=series.id,
            expected_on=occurrence.local_date,
        )
        for occurrence, kept in due_occurrences(series, held, now, expanded=expanded)
        if not kept
    ]


async def series_conditions(
    session: AsyncSession,
    network: Network,
    now: dt.datetime,
    series_ids: Collection[uuid.UUID] | None = None,
    expansions: Expansions | None = None,
) -> dict[str, Condition]:
    """Every missed occurrence of the network's active series (few: expanded in Python), or
    of those of ``series_ids``."""
    all_series = await series_repo.active_series(session, network.id, among=series_ids)
    longest = max((s.tolerance_days for s in all_series), default=0)
    held = await repo.held_starts_by_series(
        session, [s.id for s in all_series], now - SERIES_LOOKBACK - dt.timedelta(days=longest)
    )
    return {
        condition.key: condition
        for series in all_series
        for condition in series_gaps(series, held[series.id], now, expansions)
    }


async def new_and_gone(
    session: AsyncSession,
    network: Network,
    now: dt.datetime,
    work: Work | None = None,
    expansions: Expansions | None = None,
) -> tuple[list[Condition], list[Finding]]:
    """Conditions violated now without a finding, and findings whose condition is gone.

    The follow-up rules ask SQL for the difference directly (anti-joins over indexes). With
    ``work`` (an incremental pass), only about its subjects, plus the findings whose subject
    was deleted, and a rule with no subject asks nothing; without, about everything: the
    full pass, the reference.
    """
    activity_ids = work.activity_ids if work is not None else None
    follow_up_ids = work.follow_up_ids if work is not None else None
    series_ids = work.series_ids if work is not None else None
    zone = ZoneInfo(network.timezone)
    new: list[Condition] = []
    gone: list[Finding] = []
    if activity_ids is None or activity_ids:
        grace = dt.timedelta(days=network.follow_up_grace_days)
        new += [
            Condition(
                f"missing_follow_up:{activity_id}",
                "missing_follow_up",
                ends_at + grace,
                activity_id=activity_id,
            )
            for activity_id, ends_at in await repo.new_missing_follow_ups(
                session, network.id, now - grace, activity_ids
            )
        ]
        gone += await repo.gone_missing_follow_ups(session, network.id, now - grace, activity_ids)
    if follow_up_ids is None or follow_up_ids:
        today = now.astimezone(zone).date()
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
                session, network.id, today, follow_up_ids
            )
        ]
        gone += await repo.gone_overdue_follow_ups(
            session, network.id, today, follow_up_ids=follow_up_ids
        )
    if series_ids is None or series_ids:
        gaps = await series_conditions(session, network, now, series_ids, expansions)
        recorded = await repo.unresolved_series_gaps(session, network.id, series_ids)
        new += [condition for key, condition in gaps.items() if key not in recorded]
        gone += await repo.by_ids(
            session, [id_ for key, id_ in recorded.items() if key not in gaps]
        )
    if work is not None and work.orphans:
        gone += await repo.orphaned(session, network.id)
    # A finding is gone once, however many of the questions found it.
    return new, list({finding.id: finding for finding in gone}.values())


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
    gone = await repo.gone_missing_follow_ups(session, network.id, now - grace, [activity_id])
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


async def _apply(
    session: AsyncSession,
    network: Network,
    new: list[Condition],
    gone: list[Finding],
    now: dt.datetime,
    *,
    unsnooze: bool = True,
) -> PassStats:
    """Resolve what is gone, wake up what is due (``unsnooze``: whether any may be), open
    what is new."""
    stats = PassStats(networks=1)
    if gone:
        await _resolve(session, network, gone, now)
    stats.resolved = len(gone)
    # After resolving, so only findings whose condition still holds wake up.
    if unsnooze:
        stats.unsnoozed = await repo.unsnooze(session, network.id, now)

    # A first pass over a large network opens tens of thousands of findings: written in
    # batches, each in bulk (COPY on PostgreSQL), so memory stays flat whatever the size.
    new.sort(key=lambda c: c.key)
    for first in range(0, len(new), OPEN_PER_BATCH):
        await _open(session, network, new[first : first + OPEN_PER_BATCH], now)
    stats.opened = len(new)
    await session.flush()
    return stats


async def detect_network(session: AsyncSession, network: Network, now: dt.datetime) -> PassStats:
    """One network's full pass, inside the caller's transaction: every rule over every row,
    the reference an incremental pass must agree with."""
    new, gone = await new_and_gone(session, network, now)
    return await _apply(session, network, new, gone, now)


async def detect_changes(
    session: AsyncSession,
    network: Network,
    now: dt.datetime,
    work: Work,
    expansions: Expansions = CACHE,
) -> PassStats:
    """One network's incremental pass over the subjects of ``work``, inside the caller's
    transaction."""
    new, gone = await new_and_gone(session, network, now, work, expansions)
    return await _apply(session, network, new, gone, now, unsnooze=work.snoozes)


async def _reconcile(session: AsyncSession, network: Network, now: dt.datetime) -> PassStats:
    """A full pass after the incremental one, at the same ``now``: whatever it still opens,
    resolves or wakes up, the incremental passes missed. Counted, logged, and put right."""
    new, gone = await new_and_gone(session, network, now)
    stats = await _apply(session, network, new, gone, now)
    missed = [("opened", c.kind, c.key) for c in new]
    missed += [("resolved", f.kind, f.condition_key) for f in gone]
    for change, kind, _ in missed:
        metrics.DETECTION_MISSED.labels(kind, change).inc()
    if stats.unsnoozed:
        metrics.DETECTION_MISSED.labels("any", "unsnoozed").inc(stats.unsnoozed)
    stats.missed = len(missed) + stats.unsnoozed
    if stats.missed:
        log.warning(
            "reconciliation of network %s found %d changes the incremental passes missed: %s",
            network.id,
            stats.missed,
            ", ".join(f"{change} {key}" for change, _, key in missed[:20]),
        )
    return stats


@dataclass(frozen=True)
class Plan:
    """How one network is passed this time."""

    work: Work | None  # None: a full pass
    reconcile: bool = False


async def _detect_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    mark: changes.Mark,
    plan: Plan,
    now: dt.datetime,
    read_from: dt.datetime,
) -> PassStats:
    async with unit_of_work(sessionmaker) as session:
        if not await dialect.try_transaction_lock(session, "detect", str(mark.network_id)):
            return PassStats(skipped_networks=1)
        network = await session.get(Network, mark.network_id)
        if network is None:
            return PassStats()
        if plan.work is None:
            stats = await detect_network(session, network, now)
            stats.full_networks = 1
        else:
            stats = await detect_changes(session, network, now, plan.work)
            if plan.reconcile:
                reconciled = await _reconcile(session, network, now)
                stats.add(reconciled)
                stats.networks, stats.reconciled_networks = 1, 1
        await changes.record(
            session, mark, read_from, now, reconciled=plan.work is None or plan.reconcile
        )
        return stats


def _plan(
    mark: changes.Mark,
    work: dict[uuid.UUID, Work],
    now: dt.datetime,
    reconcile_every: dt.timedelta | None,
) -> Plan | None:
    """None: nothing to do but move the watermark."""
    watermark = mark.watermark
    if (
        watermark is None  # never passed (or the incremental pass is new)
        or mark.network_updated_at >= watermark.read_from  # grace period or time zone
        or now < watermark.detected_at  # a clock moved back: the windows mean nothing
    ):
        return Plan(None)
    subjects = work.get(mark.network_id, Work())
    if subjects.size > FULL_ABOVE:
        return Plan(None)
    reconcile = reconcile_every is not None and watermark.reconciled_at + reconcile_every <= now
    if not subjects and not reconcile:
        return None
    return Plan(subjects, reconcile)


async def run_pass(
    sessionmaker: async_sessionmaker[AsyncSession],
    now: dt.datetime,
    *,
    mode: Literal["incremental", "full"] = "incremental",
    overlap: dt.timedelta = OVERLAP,
    reconcile_every: dt.timedelta | None = RECONCILE_EVERY,
) -> PassStats:
    """Detection over every network, one transaction (and one replica) per network.

    ``incremental``: each network with a watermark re-checks only what changed since its
    last committed pass (``changes``), and every ``reconcile_every`` a full pass after it
    checks that nothing was missed; a network without one (its first pass), or whose
    grace period or time zone changed, gets a full pass. ``full``: every network a full pass.

    A network whose pass fails (a row no rule foresaw, say) is rolled back alone, logged and
    counted, and its watermark stays where it was; the other networks still get theirs, and
    it is tried again next pass.
    """
    total = PassStats()
    # Taken before anything is read: a row changed after this instant is read next time.
    read_from = utcnow() - overlap
    async with sessionmaker() as session:
        marks = await changes.marks(session)
        work = {} if mode == "full" else await changes.changed(session, marks, now, CACHE)
    idle: list[changes.Mark] = []
    for mark in marks:
        plan = Plan(None) if mode == "full" else _plan(mark, work, now, reconcile_every)
        if plan is None:
            idle.append(mark)
            continue
        try:
            total.add(await _detect_one(sessionmaker, mark, plan, now, read_from))
        except Exception:
            log.exception(
                "detection failed for network %s; going on with the others", mark.network_id
            )
            total.failed_networks += 1
            metrics.WORKER_FAILURES.labels("detection", "network").inc()
    if idle:
        async with unit_of_work(sessionmaker) as session:
            await changes.advance(session, idle, read_from, now)
        total.networks += len(idle)
    if marks and all(mark.watermark is not None for mark in marks):
        # Touches older than every watermark will not be read again.
        async with unit_of_work(sessionmaker) as session:
            await changes.prune_touches(
                session, min(m.watermark.read_from for m in marks if m.watermark is not None)
            )
    if total.opened >= BULK_OPENED:
        async with unit_of_work(sessionmaker) as session:
            await dialect.refresh_statistics(session, ["findings", "reminders"])
    log.info(
        "detection pass (%s): %d networks (%d full, %d reconciled, %d missed changes), "
        "%d opened, %d resolved, %d skipped (held by another worker), %d failed",
        mode,
        total.networks,
        total.full_networks,
        total.reconciled_networks,
        total.missed,
        total.opened,
        total.resolved,
        total.skipped_networks,
        total.failed_networks,
    )
    return total
