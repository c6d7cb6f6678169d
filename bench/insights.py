"""How long GET /networks/{id}/insights takes on a large network, on PostgreSQL.

Makes a fresh database, migrates it, bulk-loads a generated data set with COPY (networks of
Zipf-like sizes, their organisations with a few prolific facilitators, participants mostly
from the facilitator's region, series with most occurrences held, cascades, follow-ups), then
times the insights of the largest network through the ASGI app (no HTTP server: what is
measured is the app and the database) and drops the database.

    .venv/bin/python bench/insights.py [--activities 100000] [--networks 5] [--runs 5]
    .venv/bin/python bench/insights.py --url URL   # the largest network of bench/run.py's data

The server is DRUMBEAT_BENCH_POSTGRES_URL (default: the local postgres database).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx

from bench.dataset import columns, create_database, drop_database, dsn
from services.core.common.security import new_token, token_digest
from services.core.db.types import uuid7
from services.core.series.recurrence import occurrences
from services.core.settings import Settings

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
YEARS = 5
REGION = 25  # organisations per region
KINDS = [
    "training",
    "workshop",
    "webinar",
    "exchange_visit",
    "dialogue",
    "co_creation",
    "mentoring",
    "coaching",
    "learning_by_doing",
    "peer_review",
    "network_meeting",
]
LEVELS = ["global", "regional", "national", "national", "national", "local", "local"]
COUNTRIES = ["NL", "KE", "MW", "NG", "BD", "ID", "PH", "VN", "KH", "LA", "TH", "CO", "UG"]
RULES = [
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=WEEKLY;BYDAY=WE",
    "FREQ=YEARLY;BYMONTH=3",
    "FREQ=MONTHLY;BYMONTHDAY=15",
]


@dataclass
class Rows:
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, table: str, *row: Any) -> None:
        self.tables.setdefault(table, []).append(row)


# What is loaded, in dependency order. created_by is left empty: nobody in particular made it.
COLUMNS = {
    "users": columns("users"),
    "user_sessions": columns("user_sessions"),
    "networks": columns("networks", without={"created_by"}),
    "organisations": columns("organisations"),
    "series": columns("series", without={"created_by"}),
    "activities": columns("activities", without={"created_by"}),
    "activity_organisations": columns("activity_organisations"),
    "follow_ups": columns("follow_ups", without={"created_by"}),
}


def sizes(total: int, networks: int) -> list[int]:
    weights = [1 / (rank + 1) for rank in range(networks)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def a_session(user: uuid.UUID) -> tuple[str, tuple[Any, ...]]:
    """A day's session of ``user``: its token and its row in user_sessions (COLUMNS order)."""
    token = new_token()
    row = (uuid7(), token_digest(token), new_token(), user, NOW, NOW + dt.timedelta(days=1), NOW)
    return token, row


def generate(total: int, networks: int, rng: random.Random) -> tuple[Rows, uuid.UUID, str, int]:
    rows = Rows()
    admin = uuid7()
    rows.add("users", admin, "bench@example.org", "Bench", "!", True, True, NOW, NOW)
    token, session = a_session(admin)
    rows.add("user_sessions", *session)
    largest: tuple[uuid.UUID, int] | None = None
    for number, size in enumerate(sizes(total, networks)):
        network = uuid7()
        largest = largest or (network, size)
        rows.add(
            "networks",
            network,
            f"Network {number}",
            f"bench-{number}",
            "",
            "[]",
            "UTC",
            30,
            "[0, 7, 21]",
            NOW,
            1,
            NOW,
            NOW,
        )
        _network(rows, network, size, rng)
    assert largest is not None
    return rows, largest[0], token, largest[1]


def _network(rows: Rows, network: uuid.UUID, size: int, rng: random.Random) -> None:
    orgs = [uuid7() for _ in range(max(10, int(size**0.5 * 1.5)))]
    for i, org in enumerate(orgs):
        rows.add(
            "organisations",
            org,
            network,
            f"Organisation {i}",
            rng.choice(COUNTRIES),
            "ngo",
            LEVELS[i % len(LEVELS)],
            "[]",
            1,
            NOW,
            NOW,
        )
    # A few organisations facilitate most: the concentration the Gini coefficient measures.
    weights = [1 / (i + 1) ** 1.2 for i in range(len(orgs))]
    participants: list[list[uuid.UUID]] = []
    ids: list[uuid.UUID] = []
    planned: list[tuple[dt.datetime, uuid.UUID | None]] = []
    for s in range(max(1, size // 5000)):
        series = uuid7()
        rule = RULES[s % len(RULES)]
        start = (NOW - dt.timedelta(days=365 * 3)).replace(tzinfo=None, hour=10, minute=0)
        rows.add(
            "series",
            series,
            network,
            f"Series {s}",
            "",
            "webinar",
            rule,
            start,
            "UTC",
            5,
            True,
            1,
            NOW,
            NOW,
        )
        for occ in occurrences(rule, start, "UTC", start=NOW - dt.timedelta(days=365 * 3), end=NOW):
            if rng.random() < 0.9:
                planned.append((occ.at + dt.timedelta(hours=rng.choice([0, 0, 24, -24])), series))
    while len(planned) < size:
        moment = NOW - dt.timedelta(seconds=rng.randrange(365 * YEARS * 86_400))
        planned.append((moment + dt.timedelta(days=30), None))
    planned = sorted(planned[:size], key=lambda p: p[0])
    for starts_at, series_id in planned:
        activity = uuid7()
        status = "planned" if starts_at > NOW else rng.choices(["held", "cancelled"], [19, 1])[0]
        ends_at = starts_at + dt.timedelta(hours=rng.choice([2, 8, 26]))
        givers = set(rng.choices(orgs, weights, k=rng.choice([1, 1, 2])))
        # Members mostly learn within their region, sometimes from further away.
        home = orgs.index(next(iter(givers))) // REGION
        region = orgs[home * REGION : (home + 1) * REGION]
        takers = set(rng.sample(region, min(len(region), rng.randint(1, 5))))
        if rng.random() < 0.3:
            takers.add(rng.choice(orgs))
        cascade = None
        if ids and rng.random() < 0.03:
            # Pass on something an organisation took part in, some time before.
            earlier = rng.randrange(max(0, len(ids) - 2000), len(ids))
            if participants[earlier]:
                cascade = ids[earlier]
                givers = {rng.choice(participants[earlier])}
        count = rng.randint(5, 60)
        women = rng.randint(0, count)
        gender = (
            json.dumps({"women": women, "men": count - women, "non_binary": 0, "undisclosed": 0})
            if rng.random() < 0.6
            else "null"
        )
        rows.add(
            "activities",
            activity,
            network,
            f"Activity {len(ids)}",
            "",
            rng.choice(KINDS),
            "online",
            status,
            starts_at,
            ends_at,
            "",
            None,
            json.dumps(rng.sample(["operate", "act", "connect"], rng.randint(0, 2))),
            json.dumps(rng.sample(["technical", "thematic", "soft"], rng.randint(0, 2))),
            "[]",
            count,
            gender,
            series_id,
            cascade,
            rng.random() < 0.8,
            1,
            NOW,
            NOW,
        )
        for org in givers:
            rows.add("activity_organisations", activity, org, "facilitator")
        for org in takers:
            rows.add("activity_organisations", activity, org, "participant")
        ids.append(activity)
        participants.append(sorted(takers - givers))
        if status == "held" and rng.random() < 0.55:
            for _ in range(rng.choice([1, 1, 2])):
                due = ends_at.date() + dt.timedelta(days=rng.randint(0, 90))
                state = rng.choices(["done", "planned", "dropped"], [6, 3, 1])[0]
                rows.add(
                    "follow_ups",
                    uuid7(),
                    network,
                    activity,
                    "Follow-up",
                    "check_in",
                    due,
                    state,
                    due if state == "done" else None,
                    "",
                    1,
                    NOW,
                    NOW,
                )


async def load(url: str, rows: Rows) -> None:
    conn = await asyncpg.connect(dsn(url))
    try:
        for table, columns in COLUMNS.items():
            records = rows.tables.get(table, [])
            await conn.copy_records_to_table(table, records=records, columns=columns)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def time_insights(
    url: str, network: uuid.UUID, token: str, runs: int, params: dict[str, str]
) -> tuple[list[float], int]:
    from services.api.app import create_app

    app = create_app(Settings(database_url=url))
    cookies = {app.state.settings.session_cookie_name: token}
    timings = []
    size = 0
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", cookies=cookies
    ) as client:
        for run in range(runs + 1):  # the first warms the pool and the caches
            started = time.perf_counter()
            response = await client.get(f"/api/v1/networks/{network}/insights", params=params)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            size = len(response.content)
            if run:
                timings.append(elapsed)
    await app.state.engine.dispose()
    return timings, size


async def sign_in_to_largest(url: str) -> tuple[uuid.UUID, str, int]:
    """In a database made elsewhere (bench/run.py): its largest network, and a session of an
    administrator (made here when there is none) to ask for its insights."""
    conn = await asyncpg.connect(dsn(url))
    try:
        network, size = await conn.fetchrow(
            "SELECT network_id, count(*) FROM activities GROUP BY network_id"
            " ORDER BY count(*) DESC LIMIT 1"
        )
        admin = await conn.fetchval("SELECT id FROM users WHERE is_admin ORDER BY id LIMIT 1")
        if admin is None:
            admin = uuid7()
            await conn.execute(
                "INSERT INTO users (id, email, name, password_hash, is_admin, is_active,"
                " created_at, updated_at) VALUES ($1, 'insights@example.org', 'Bench', '!',"
                " true, true, $2, $2)",
                admin,
                NOW,
            )
        token, session = a_session(admin)
        await conn.copy_records_to_table(
            "user_sessions", records=[session], columns=COLUMNS["user_sessions"]
        )
    finally:
        await conn.close()
    return network, token, size


async def report(url: str, network: uuid.UUID, token: str, runs: int) -> None:
    last_year = {"from": (NOW - dt.timedelta(days=365)).isoformat(), "to": NOW.isoformat()}
    for label, params in (("all time", {}), ("last 12 months", last_year)):
        timings, body = await time_insights(url, network, token, runs, params)
        print(
            f"GET /insights ({label}), {runs} runs: "
            f"p50 {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms, response {body / 1024:.0f} KiB",
            flush=True,
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--networks", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--url", help="time the largest network of this database instead")
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    args = parser.parse_args()
    if args.url:
        network, token, size = await sign_in_to_largest(args.url)
        print(f"largest network: {size:,} activities", flush=True)
        await report(args.url, network, token, args.runs)
        return

    started = time.perf_counter()
    url = await create_database()
    try:
        rows, network, token, size = generate(
            args.activities, args.networks, random.Random(args.seed)
        )
        await load(url, rows)
        counts = ", ".join(f"{len(v)} {k}" for k, v in rows.tables.items())
        print(f"loaded in {time.perf_counter() - started:.1f} s: {counts}")
        print(f"largest network: {size} activities")
        await report(url, network, token, args.runs)
        if args.keep:
            print(f"kept: {url} (largest network {network}, session token {token})")
    finally:
        if not args.keep:
            await drop_database(url)


if __name__ == "__main__":
    asyncio.run(main())
