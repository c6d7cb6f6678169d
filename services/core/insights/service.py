"""Insights per network and period: what the field report says a network should watch.

SQL does the counting (one row per kind, organisation, pair or quarter); this module turns
those aggregates into rates, medians, the Gini coefficient and the level matrix. Series are
expanded with the same recurrence code and matching rule as detection, so the cadence figures
agree with the series_gap findings.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common import dates
from services.core.common.authz import Principal, Role
from services.core.common.errors import NotFound
from services.core.db.types import utcnow
from services.core.findings import repository as findings_repo
from services.core.insights import repository as repo
from services.core.insights.repository import FollowUpBucket, OrganisationRow, Period
from services.core.insights.schemas import (
    CadenceInsights,
    FollowUpFigures,
    FollowUpInsights,
    GenderInsights,
    GiverReceiverGraph,
    GraphEdge,
    GraphNode,
    Insights,
    InsightsQuery,
    KindFollowUps,
    LevelFlow,
    LevelFlowCell,
    Multiplier,
    MultiplierInsights,
    QuarterCapacity,
    SeriesCadence,
)
from services.core.insights.stats import gini, median_of_histogram, ratio, reciprocal_links
from services.core.networks import repository as networks_repo
from services.core.series import repository as series_repo
from services.core.series.occurrences import SERIES_LOOKBACK, due_occurrences

LEVELS = ("global", "regional", "national", "local")
MAX_MULTIPLIERS = 200
# A big network's members are linked by 100 000 pairs and more: all of them count in the
# figures, but only the heaviest go into the answer (15 MB of JSON for the largest network
# of the 1 000 000-activity bench, with every pair).
MAX_EDGES = 1_000
_TICK = dt.timedelta(microseconds=1)


async def network_insights(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    query: InsightsQuery,
    *,
    now: dt.datetime | None = None,
) -> Insights:
    principal.require(network_id, Role.viewer, "network")
    network = await networks_repo.by_id(session, network_id)
    if network is None:
        raise NotFound("network")
    now = now or utcnow()
    # Held to the years the API allows even when open: an activity stored in the year 1 or
    # 9999 (older data) would otherwise stretch the quarters over eight thousand years.
    period = Period(
        max(query.start or dates.EARLIEST, dates.EARLIEST), min(query.end or dates.END, dates.END)
    )
    grace_cutoff = now - dt.timedelta(days=network.follow_up_grace_days)
    buckets = await repo.follow_up_histogram(session, network_id, period, grace_cutoff)
    graph, level_flow = await _graph(session, network_id, period)
    gender = await repo.gender(session, network_id, period)
    return Insights(
        network_id=network_id,
        period_start=query.start,
        period_end=query.end,
        computed_at=now,
        activities_held=gender.held,
        follow_ups=_follow_ups(buckets),
        cadence=await _cadence(session, network_id, period, now),
        graph=graph,
        level_flow=level_flow,
        multipliers=await _multipliers(session, network_id, period),
        capacity_by_quarter=await _quarters(session, network_id, period),
        participants_by_gender=GenderInsights(
            **gender.counts,
            activities_reporting=gender.reporting,
            participants_count=gender.participants_count,
        ),
    )


def _figures(buckets: Iterable[FollowUpBucket]) -> dict[str, object]:
    expected = with_follow_up = missing = 0
    days: list[tuple[int, int]] = []
    for bucket in buckets:
        expected += bucket.activities
        if bucket.days is None:
            missing += bucket.activities if bucket.past_grace else 0
        else:
            with_follow_up += bucket.activities
            days.append((bucket.days, bucket.activities))
    return {
        "expected": expected,
        "with_follow_up": with_follow_up,
        "rate": ratio(with_follow_up, expected),
        "missing_past_grace": missing,
        "median_days_to_first_follow_up": median_of_histogram(days),
    }


def _follow_ups(buckets: list[FollowUpBucket]) -> FollowUpInsights:
    by_kind: dict[str, list[FollowUpBucket]] = defaultdict(list)
    for bucket in buckets:
        by_kind[bucket.kind].append(bucket)
    overall = FollowUpFigures.model_validate(_figures(buckets))
    return FollowUpInsights(
        **overall.model_dump(),
        by_kind=[
            KindFollowUps.model_validate({"kind": kind, **_figures(by_kind[kind])})
            for kind in sorted(by_kind)
        ],
    )


async def _cadence(
    session: AsyncSession, network_id: uuid.UUID, period: Period, now: dt.datetime
) -> CadenceInsights:
    all_series = await series_repo.active_series(session, network_id)
    expected: Counter[uuid.UUID] = Counter()
    held: Counter[uuid.UUID] = Counter()
    longest = dt.timedelta(days=max((s.tolerance_days for s in all_series), default=0))
    since = now - SERIES_LOOKBACK - longest
    if period.start is not None:
        since = max(since, period.start - longest)
    starts = await findings_repo.held_starts_by_series(session, [s.id for s in all_series], since)
    end = None if period.end is None else period.end - _TICK  # the period's end is exclusive
    for series in all_series:
        for _, kept in due_occurrences(series, starts[series.id], now, start=period.start, end=end):
            expected[series.id] += 1
            held[series.id] += kept
    per_series = [
        SeriesCadence(
            series_id=series.id,
            title=series.title,
            expected=expected[series.id],
            held=held.get(series.id, 0),
            rate=ratio(held.get(series.id, 0), expected[series.id]),
        )
        for series in all_series
        if expected[series.id]
    ]
    total_expected = sum(expected.values())
    total_held = sum(held.values())
    return CadenceInsights(
        expected=total_expected,
        held=total_held,
        rate=ratio(total_held, total_expected),
        series=per_series,
    )


def _member_during(org: OrganisationRow, period: Period) -> bool:
    joined_after = (
        org.joined_on is not None
        and period.end is not None
        and org.joined_on > period.end.astimezone(dt.UTC).date()
    )
    left_before = (
        org.left_on is not None
        and period.start is not None
        and org.left_on < period.start.astimezone(dt.UTC).date()
    )
    return not joined_after and not left_before


async def _graph(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> tuple[GiverReceiverGraph, LevelFlow]:
    """The graph, with its heaviest ``MAX_EDGES`` links, and the level flow of all links."""
    counts = await repo.role_counts(session, network_id, period)
    active = {org_id for org_id, _ in counts}
    nodes = []
    for org in await repo.organisations(session, network_id):
        if org.id not in active and not _member_during(org, period):
            continue
        given = counts.get((org.id, repo.FACILITATOR), 0)
        received = counts.get((org.id, repo.PARTICIPANT), 0)
        nodes.append(
            GraphNode(
                organisation_id=org.id,
                name=org.name,
                level=org.level,
                country=org.country,
                facilitated=given,
                participated=received,
                balance=ratio(given - received, given + received),
            )
        )
    nodes.sort(key=lambda n: (-n.facilitated, -n.participated, n.name))
    edge_rows = sorted(await repo.edges(session, network_id, period), key=lambda e: (-e[2], e))
    reciprocal, links = reciprocal_links((a, b) for a, b, _ in edge_rows)
    graph = GiverReceiverGraph(
        nodes=nodes,
        edges=[GraphEdge(source=a, target=b, weight=w) for a, b, w in edge_rows[:MAX_EDGES]],
        links=links,
        reciprocal_links=reciprocal,
        reciprocity=ratio(reciprocal, links),
        facilitation_gini=gini([n.facilitated for n in nodes]),
    )
    return graph, _level_flow({node.organisation_id: node.level for node in nodes}, edge_rows)


def _level_flow(
    level: dict[uuid.UUID, str], edges: list[tuple[uuid.UUID, uuid.UUID, int]]
) -> LevelFlow:
    pairs: Counter[tuple[str, str]] = Counter()
    for source, target, weight in edges:
        pairs[(level[source], level[target])] += weight
    rank = {name: position for position, name in enumerate(LEVELS)}  # 0 is the highest
    downward = sum(n for (f, p), n in pairs.items() if rank[f] < rank[p])
    peer = sum(n for (f, p), n in pairs.items() if rank[f] == rank[p])
    return LevelFlow(
        cells=[
            LevelFlowCell(facilitator_level=f, participant_level=p, pairs=pairs[(f, p)])
            for f in LEVELS
            for p in LEVELS
        ],
        downward=downward,
        peer=peer,
        upward=sum(pairs.values()) - downward - peer,
    )


async def _multipliers(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> MultiplierInsights:
    rows = await repo.multiplier_cascades(session, network_id, period)
    if not rows:
        return MultiplierInsights(organisations=0, total=0, items=[])
    depths = await repo.chain_depths(session, network_id, period)
    reach = await repo.reach_down(session, network_id, period)
    items = []
    for row in rows:
        down = reach.get(row.activity_id, repo.Reach(0, 0, 0))
        items.append(
            Multiplier(
                organisation_id=row.organisation_id,
                name=row.name,
                activity_id=row.activity_id,
                title=row.title,
                starts_at=row.starts_at,
                original_activity_id=row.original_activity_id,
                depth=depths.get(row.activity_id, 1),
                reach_people=down.people,
                reach_organisations=down.organisations,
                activities_down_chain=down.activities,
            )
        )
    items.sort(key=lambda m: (-m.depth, -m.reach_people, m.name, m.starts_at, m.activity_id))
    return MultiplierInsights(
        organisations=len({m.organisation_id for m in items}),
        total=len(items),
        items=items[:MAX_MULTIPLIERS],
    )


async def _quarters(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> list[QuarterCapacity]:
    rows = {(r.year, r.quarter): r for r in await repo.quarters(session, network_id, period)}
    if not rows:
        return []
    (year, quarter), last = min(rows), max(rows)
    filled = []
    while (year, quarter) <= last:
        row = rows.get((year, quarter))
        filled.append(
            QuarterCapacity.model_validate(
                {
                    "quarter": f"{year}-Q{quarter}",
                    "starts_on": dt.date(year, 3 * quarter - 2, 1),
                    "activities": row.activities if row else 0,
                    **{
                        name: row.tallies[name] if row else 0
                        for name in repo.CAPACITY_AREAS + repo.SKILL_KINDS
                    },
                }
            )
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return filled
