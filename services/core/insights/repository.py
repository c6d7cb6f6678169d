"""SQL for insights: every query aggregates in the database and returns one row per group
(kind, organisation, organisation pair, quarter...), never one row per activity."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Subquery

from services.core.activities.models import Activity, ActivityOrganisation
from services.core.common import dates
from services.core.db import dialect
from services.core.followups.models import FollowUp
from services.core.organisations.models import Organisation

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
LIVE_FOLLOW_UP = ("planned", "done")
CAPACITY_AREAS = ("operate", "act", "connect")
SKILL_KINDS = ("technical", "thematic", "soft")
GENDERS = ("women", "men", "non_binary", "undisclosed")
# Cascade chains are checked for loops on write; this only bounds the recursive queries.
MAX_CHAIN = 50


@dataclass(frozen=True)
class Period:
    start: dt.datetime | None
    end: dt.datetime | None


def held_in(network_id: uuid.UUID, period: Period, table: Any = Activity) -> list[Any]:
    """Held activities of the network whose starts_at is in [start, end)."""
    clauses = [table.network_id == network_id, table.status == "held"]
    if period.start is not None:
        clauses.append(table.starts_at >= period.start)
    if period.end is not None:
        clauses.append(table.starts_at < period.end)
    return clauses


@dataclass(frozen=True)
class FollowUpBucket:
    kind: str
    days: int | None  # None: no planned or done follow-up
    past_grace: bool
    activities: int


def _clamped(column: Any, low: Any, high: Any) -> Any:
    """``column`` held to [low, high] (NULL stays NULL): a follow-up due in the year 1 or an
    activity ending in 9999 (older data; PostgreSQL's -infinity and infinity) cannot be
    subtracted, and counts as due at the edge of the years the API allows."""
    return case(
        (column < low, literal(low, column.type)),
        (column > high, literal(high, column.type)),
        else_=column,
    )


async def follow_up_histogram(
    session: AsyncSession, network_id: uuid.UUID, period: Period, grace_cutoff: dt.datetime
) -> list[FollowUpBucket]:
    """Held activities expecting a follow-up, counted per kind and days to the first one."""
    first_due = (
        select(FollowUp.activity_id, func.min(FollowUp.due_on).label("first_due"))
        .where(FollowUp.network_id == network_id, FollowUp.status.in_(LIVE_FOLLOW_UP))
        .group_by(FollowUp.activity_id)
        .subquery()
    )
    days = dialect.days_from_end_to_date(
        dialect.name(session),
        _clamped(first_due.c.first_due, dates.FIRST_DAY, dates.LAST_DAY),
        _clamped(Activity.ends_at, dates.EARLIEST, dates.END),
    )
    # Grouped in an outer query: PostgreSQL would not match a GROUP BY expression that repeats
    # the select's bind parameters.
    inner = (
        select(
            Activity.kind.label("kind"),
            days.label("days"),
            case((Activity.ends_at < grace_cutoff, 1), else_=0).label("past_grace"),
        )
        .outerjoin(first_due, first_due.c.activity_id == Activity.id)
        .where(*held_in(network_id, period), Activity.follow_up_expected.is_(True))
        .subquery()
    )
    stmt = select(inner.c.kind, inner.c.days, inner.c.past_grace, func.count()).group_by(
        inner.c.kind, inner.c.days, inner.c.past_grace
    )
    return [
        FollowUpBucket(kind, None if d is None else int(d), bool(past), int(n))
        for kind, d, past, n in (await session.execute(stmt)).all()
    ]


@dataclass(frozen=True)
class OrganisationRow:
    id: uuid.UUID
    name: str
    level: str
    country: str | None
    joined_on: dt.date | None
    left_on: dt.date | None


async def organisations(session: AsyncSession, network_id: uuid.UUID) -> list[OrganisationRow]:
    stmt = select(
        Organisation.id,
        Organisation.name,
        Organisation.level,
        Organisation.country,
        Organisation.joined_on,
        Organisation.left_on,
    ).where(Organisation.network_id == network_id)
    return [OrganisationRow(*row) for row in (await session.execute(stmt)).all()]


async def role_counts(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> dict[tuple[uuid.UUID, str], int]:
    """Held activities per (organisation, facilitator|participant)."""
    stmt = (
        select(ActivityOrganisation.organisation_id, ActivityOrganisation.role, func.count())
        .join(Activity, Activity.id == ActivityOrganisation.activity_id)
        .where(*held_in(network_id, period))
        .group_by(ActivityOrganisation.organisation_id, ActivityOrganisation.role)
    )
    return {(org, role): int(n) for org, role, n in (await session.execute(stmt)).all()}


async def edges(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
    """(facilitator, participant, held activities together), self-pairs left out."""
    giver = aliased(ActivityOrganisation)
    receiver = aliased(ActivityOrganisation)
    # A large network has tens of thousands of links between a few hundred organisations:
    # ids come back as text and each distinct one is parsed once, instead of converting
    # (and later hashing) a driver UUID object per cell.
    stmt = (
        select(
            cast(giver.organisation_id, String).label("giver"),
            cast(receiver.organisation_id, String).label("receiver"),
            func.count(),
        )
        .select_from(Activity)
        .join(giver, and_(giver.activity_id == Activity.id, giver.role == FACILITATOR))
        .join(
            receiver,
            and_(
                receiver.activity_id == Activity.id,
                receiver.role == PARTICIPANT,
                receiver.organisation_id != giver.organisation_id,
            ),
        )
        .where(*held_in(network_id, period))
        .group_by(giver.organisation_id, receiver.organisation_id)
    )
    parsed: dict[str, uuid.UUID] = {}

    def org(text: str) -> uuid.UUID:
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = uuid.UUID(text)
        return found

    return [(org(a), org(b), int(n)) for a, b, n in (await session.execute(stmt)).all()]


@dataclass(frozen=True)
class CascadeRow:
    organisation_id: uuid.UUID
    name: str
    activity_id: uuid.UUID
    title: str
    starts_at: dt.datetime
    original_activity_id: uuid.UUID


def _cascades(network_id: uuid.UUID, period: Period) -> Subquery:
    """Held cascades of the period facilitated by an organisation that took part in the held
    original, which had ended by the time the cascade started: one row per (organisation,
    cascade)."""
    cascade = aliased(Activity)
    original = aliased(Activity)
    giver = aliased(ActivityOrganisation)
    earlier = aliased(ActivityOrganisation)
    return (
        select(
            giver.organisation_id.label("organisation_id"),
            Organisation.name.label("name"),
            cascade.id.label("activity_id"),
            cascade.title.label("title"),
            cascade.starts_at.label("starts_at"),
            original.id.label("original_activity_id"),
        )
        .select_from(cascade)
        .join(original, original.id == cascade.cascade_of)
        .join(giver, and_(giver.activity_id == cascade.id, giver.role == FACILITATOR))
        .join(
            earlier,
            and_(
                earlier.activity_id == original.id,
                earlier.role == PARTICIPANT,
                earlier.organisation_id == giver.organisation_id,
            ),
        )
        .join(Organisation, Organisation.id == giver.organisation_id)
        .where(
            *held_in(network_id, period, cascade),
            original.status == "held",
            cascade.starts_at >= original.ends_at,
        )
        .subquery("cascades")
    )


async def multiplier_cascades(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> list[CascadeRow]:
    cascades = _cascades(network_id, period)
    rows = (await session.execute(select(cascades))).all()
    return [CascadeRow(*row) for row in rows]


async def chain_depths(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> dict[uuid.UUID, int]:
    """For each multiplier cascade, how many cascade_of links lead up to its chain's root."""
    cascades = _cascades(network_id, period)
    up = (
        select(
            Activity.id.label("start"),
            Activity.cascade_of.label("parent"),
            literal(1, Integer).label("depth"),
        )
        .where(Activity.id.in_(select(cascades.c.activity_id)))
        .cte("up", recursive=True)
    )
    up = up.union_all(
        select(up.c.start, Activity.cascade_of, up.c.depth + 1)
        .join(Activity, Activity.id == up.c.parent)
        .where(Activity.cascade_of.is_not(None), up.c.depth < MAX_CHAIN)
    )
    stmt = select(up.c.start, func.max(up.c.depth)).group_by(up.c.start)
    return {start: int(depth) for start, depth in (await session.execute(stmt)).all()}


@dataclass(frozen=True)
class Reach:
    people: int
    organisations: int
    activities: int


async def reach_down(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> dict[uuid.UUID, Reach]:
    """Per multiplier cascade: it and every activity cascading from it, directly or further
    down, counted when held and started before the period's end."""
    cascades = _cascades(network_id, period)
    down = select(
        Activity.id.label("start"), Activity.id.label("node"), literal(0, Integer).label("step")
    ).where(Activity.id.in_(select(cascades.c.activity_id)))
    tree = down.cte("down", recursive=True)
    tree = tree.union_all(
        select(tree.c.start, Activity.id, tree.c.step + 1)
        .join(Activity, Activity.cascade_of == tree.c.node)
        .where(tree.c.step < MAX_CHAIN)
    )
    counted: list[ColumnElement[bool]] = [Activity.status == "held"]
    if period.end is not None:
        counted.append(Activity.starts_at < period.end)
    people = (
        select(
            tree.c.start,
            func.coalesce(func.sum(Activity.participants_count), 0),
            func.count(distinct(Activity.id)),
        )
        .join(Activity, Activity.id == tree.c.node)
        .where(*counted)
        .group_by(tree.c.start)
    )
    organisations_reached = (
        select(tree.c.start, func.count(distinct(ActivityOrganisation.organisation_id)))
        .join(Activity, Activity.id == tree.c.node)
        .join(
            ActivityOrganisation,
            and_(
                ActivityOrganisation.activity_id == Activity.id,
                ActivityOrganisation.role == PARTICIPANT,
            ),
        )
        .where(*counted)
        .group_by(tree.c.start)
    )
    orgs = {start: int(n) for start, n in (await session.execute(organisations_reached)).all()}
    return {
        start: Reach(int(total), orgs.get(start, 0), int(n))
        for start, total, n in (await session.execute(people)).all()
    }


@dataclass(frozen=True)
class QuarterRow:
    year: int
    quarter: int
    activities: int
    tallies: dict[str, int]


async def quarters(
    session: AsyncSession, network_id: uuid.UUID, period: Period
) -> list[QuarterRow]:
    """Held activities per UTC quarter, with how many carry each capacity area and skill kind."""
    name = dialect.name(session)
    year, quarter = dialect.utc_year_and_quarter(name, Activity.starts_at)
    flags = [
        case((dialect.json_array_contains(name, Activity.capacity_areas, v), 1), else_=0).label(v)
        for v in CAPACITY_AREAS
    ] + [
        case((dialect.json_array_contains(name, Activity.skill_kinds, v), 1), else_=0).label(v)
        for v in SKILL_KINDS
    ]
    inner = (
        select(year.label("year"), quarter.label("quarter"), *flags)
        .where(*held_in(network_id, period))
        .subquery()
    )
    names = CAPACITY_AREAS + SKILL_KINDS
    stmt = (
        select(
            inner.c.year,
            inner.c.quarter,
            func.count(),
            *[func.coalesce(func.sum(inner.c[v]), 0) for v in names],
        )
        .group_by(inner.c.year, inner.c.quarter)
        .order_by(inner.c.year, inner.c.quarter)
    )
    return [
        QuarterRow(int(y), int(q), int(n), dict(zip(names, map(int, rest), strict=True)))
        for y, q, n, *rest in (await session.execute(stmt)).all()
    ]


@dataclass(frozen=True)
class GenderRow:
    held: int
    reporting: int
    participants_count: int
    counts: dict[str, int]


async def gender(session: AsyncSession, network_id: uuid.UUID, period: Period) -> GenderRow:
    by_gender = Activity.participants_by_gender
    stmt = select(
        func.count(),
        func.count(by_gender["women"].as_integer()),
        func.coalesce(func.sum(Activity.participants_count), 0),
        *[func.coalesce(func.sum(by_gender[g].as_integer()), 0) for g in GENDERS],
    ).where(*held_in(network_id, period))
    held, reporting, people, *counts = (await session.execute(stmt)).one()
    return GenderRow(
        int(held),
        int(reporting),
        int(people),
        dict(zip(GENDERS, map(int, counts), strict=True)),
    )
