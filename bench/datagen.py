"""Generate a realistic Drumbeat data set in a fresh PostgreSQL database, fast.

Rows go in with COPY (asyncpg's copy_records_to_table), in dependency order, after the schema
was made by the migrations. Every network gets member organisations of mixed levels,
activities spread over five years (mostly held, some planned or cancelled) with facilitators
and participants from its own members, follow-ups on a share of them, and a few recurring
series with most of their occurrences held.

    .venv/bin/python bench/datagen.py --activities 100000   # prints the database URL
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import columns, create_database, dsn
from services.core.activities.schemas import ActivityKind
from services.core.db.types import uuid7

# The activities made here have no country, head count, series or cascade.
LEFT_NULL = {"country", "participants_count", "participants_by_gender", "series_id", "cascade_of"}
# Every kind but the two catch-alls, so that data sets stay the ones measured before.
KINDS = [kind for kind in get_args(ActivityKind) if kind not in {"conference", "other"}]
LEVELS = ["local", "national", "national", "regional", "global"]
ZONES = ["Europe/Amsterdam", "Africa/Nairobi", "Asia/Jakarta", "America/Bogota", "UTC"]
COUNTRIES = ["NL", "KE", "MW", "NG", "BD", "ID", "PH", "VN", "KH", "CO", "PE", "UG"]
REMINDING_FOR_DAYS = 30


@dataclass(frozen=True)
class Size:
    networks: int
    organisations: int
    activities: int
    follow_ups: int
    series: int

    @classmethod
    def scaled(cls, activities: int) -> Size:
        """The issue's proportions: 1 000 networks : 50 000 orgs : 1 M activities : 300 k : 5 k."""
        factor = activities / 1_000_000
        return cls(
            networks=max(1, round(1_000 * factor)),
            organisations=max(10, round(50_000 * factor)),
            activities=activities,
            follow_ups=round(300_000 * factor),
            series=max(1, round(5_000 * factor)),
        )


async def generate(url: str, size: Size, *, now: dt.datetime, seed: int = 7) -> dict[str, int]:
    """Fill an empty, migrated database; returns row counts per table."""
    rng = random.Random(seed)
    conn = await asyncpg.connect(dsn(url))
    counts: dict[str, int] = {}
    try:

        async def copy(table: str, columns: list[str], rows: Sequence[tuple[object, ...]]) -> None:
            await conn.copy_records_to_table(table, records=rows, columns=columns)
            counts[table] = counts.get(table, 0) + len(rows)

        user_id = uuid7()
        await copy(
            "users",
            columns("users"),
            [(user_id, "bench@example.org", "Bench", "x", True, True, now, now)],
        )
        networks = []
        for n in range(size.networks):
            networks.append(
                (
                    uuid7(),
                    f"Network {n}",
                    f"network-{n}",
                    "",
                    "[]",
                    rng.choice(ZONES),
                    30,
                    "[0, 7, 21]",
                    # Each network brought its five years of history along and has sent
                    # reminders for the last month: the first detection pass records the
                    # older findings' reminders as skipped, one per recipient (see
                    # scheduling.schedule), as it would for a network that just moved in.
                    now - dt.timedelta(days=REMINDING_FOR_DAYS),
                    user_id,
                    1,
                    now,
                    now,
                )
            )
        await copy(
            "networks",
            columns("networks"),
            networks,
        )
        await copy(
            "memberships",
            columns("memberships"),
            [(uuid7(), net[0], user_id, "coordinator", now, now) for net in networks],
        )

        # Network sizes follow a long tail: a few big networks, many small ones.
        weights = [1 / (i + 1) ** 0.8 for i in range(size.networks)]
        org_rows = []
        orgs_of: dict[uuid.UUID, list[uuid.UUID]] = {net[0]: [] for net in networks}
        for i in range(size.organisations):
            network_id = (
                networks[i % size.networks][0]
                if i < size.networks * 3
                else rng.choices(networks, weights)[0][0]
            )
            org_id = uuid7()
            orgs_of[network_id].append(org_id)
            org_rows.append(
                (
                    org_id,
                    network_id,
                    f"Organisation {i}",
                    rng.choice(COUNTRIES),
                    "ngo",
                    rng.choice(LEVELS),
                    "[]",
                    1,
                    now,
                    now,
                )
            )
        await copy(
            "organisations",
            columns("organisations"),
            org_rows,
        )

        start = now - dt.timedelta(days=5 * 365)
        span = (now - start).total_seconds()
        activities, links, follow_ups = [], [], []
        held_ids: list[tuple[uuid.UUID, uuid.UUID, dt.datetime]] = []
        for i in range(size.activities):
            network_id = rng.choices(networks, weights)[0][0]
            members = orgs_of[network_id]
            starts = start + dt.timedelta(seconds=rng.random() * span)
            ends = starts + dt.timedelta(hours=rng.choice([2, 8, 30, 54]))
            status = (
                "held"
                if ends < now and rng.random() < 0.85
                else ("cancelled" if rng.random() < 0.3 else "planned")
            )
            activity_id = uuid7()
            activities.append(
                (
                    activity_id,
                    network_id,
                    f"Activity {i}",
                    "",
                    rng.choice(KINDS),
                    "in_person",
                    status,
                    starts,
                    ends,
                    "",
                    '["act"]',
                    '["technical"]',
                    "[]",
                    rng.random() < 0.9,
                    user_id,
                    1,
                    now,
                    now,
                )
            )
            chosen = rng.sample(members, k=min(len(members), rng.randint(2, 5)))
            links.append((activity_id, chosen[0], "facilitator"))
            links += [(activity_id, org, "participant") for org in chosen[1:]]
            if status == "held":
                held_ids.append((activity_id, network_id, ends))
            if len(activities) >= 20_000:
                await _flush_activities(copy, activities, links)
                activities, links = [], []
        await _flush_activities(copy, activities, links)

        for activity_id, network_id, ends in rng.sample(
            held_ids, k=min(len(held_ids), size.follow_ups)
        ):
            due = (ends + dt.timedelta(days=rng.randint(10, 90))).date()
            status = "done" if due < now.date() and rng.random() < 0.7 else "planned"
            follow_ups.append(
                (
                    uuid7(),
                    network_id,
                    activity_id,
                    "Follow-up",
                    "action_plan",
                    due,
                    status,
                    due if status == "done" else None,
                    "",
                    user_id,
                    1,
                    now,
                    now,
                )
            )
        await copy(
            "follow_ups",
            columns("follow_ups"),
            follow_ups,
        )

        series_rows = []
        for s in range(size.series):
            network_id = rng.choices(networks, weights)[0][0]
            rule = rng.choice(
                ["FREQ=YEARLY", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY", "FREQ=WEEKLY;INTERVAL=2"]
            )
            dtstart = (start + dt.timedelta(days=rng.randint(0, 600))).replace(
                tzinfo=None, hour=10, minute=0, second=0, microsecond=0
            )
            series_rows.append(
                (
                    uuid7(),
                    network_id,
                    f"Series {s}",
                    "",
                    "network_meeting",
                    rule,
                    dtstart,
                    "UTC",
                    7,
                    True,
                    user_id,
                    1,
                    now,
                    now,
                )
            )
        await copy(
            "series",
            columns("series"),
            series_rows,
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return counts


async def _flush_activities(copy, activities, links) -> None:  # type: ignore[no-untyped-def]
    await copy(
        "activities",
        columns("activities", without=LEFT_NULL),
        activities,
    )
    await copy("activity_organisations", columns("activity_organisations"), links)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    args = parser.parse_args()
    size = Size.scaled(args.activities)
    began = time.perf_counter()
    url = await create_database()
    counts = await generate(url, size, now=dt.datetime.now(dt.UTC))
    took = time.perf_counter() - began
    print(f"database: {url}")
    for table, count in counts.items():
        print(f"  {table:24} {count:>10,}")
    print(f"generated in {took:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
