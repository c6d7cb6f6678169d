"""Detection pass timing on a generated PostgreSQL data set.

Generates the data (bench/datagen.py, the issue's proportions scaled to --activities), then
runs the worker's detection pass twice in a fresh process each: the first pass opens every
finding, the steady-state pass finds nothing new. Prints wall time and the process's peak
memory for each, and the time of the hand-written SQL of the steady pass (the floor), then
drops the database. With --url it measures a database bench/run.py generated instead.

    .venv/bin/python bench/detection.py --activities 100000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.datagen import Size, generate
from bench.dataset import create_database, drop_database, dsn


async def one_pass(url: str, now: dt.datetime) -> dict[str, float]:
    from services.core.db.engine import create_engine, create_sessionmaker
    from services.core.findings.detection import run_pass
    from services.core.settings import Settings

    engine = create_engine(Settings(database_url=url))
    began = time.perf_counter()
    stats = await run_pass(create_sessionmaker(engine), now)
    took = time.perf_counter() - began
    await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": took, "opened": stats.opened, "resolved": stats.resolved, "peak_mb": peak_mb}


# The steady-state pass's questions as one hand-written statement over all networks: the
# floor a pass can reach. (Series expansion is RRULE work in Python and has no SQL floor.)
FLOOR_SQL = """
WITH cutoff AS (
  SELECT n.id AS network_id, now() - make_interval(days => n.follow_up_grace_days) AS ended_before,
         (now() AT TIME ZONE n.timezone)::date AS today
  FROM networks n
),
missing AS (
  SELECT a.id, a.network_id FROM activities a JOIN cutoff c ON c.network_id = a.network_id
  WHERE a.status = 'held' AND a.follow_up_expected AND a.ends_at < c.ended_before
    AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.activity_id = a.id
                    AND f.status IN ('planned', 'done'))
),
overdue AS (
  SELECT f.id, f.due_on FROM follow_ups f JOIN cutoff c ON c.network_id = f.network_id
  WHERE f.status = 'planned' AND f.due_on < c.today
)
SELECT
  (SELECT count(*) FROM missing m WHERE NOT EXISTS (
     SELECT 1 FROM findings x WHERE x.activity_id = m.id AND x.kind = 'missing_follow_up'
       AND x.status <> 'resolved')) AS new_missing,
  (SELECT count(*) FROM findings x WHERE x.kind = 'missing_follow_up' AND x.status <> 'resolved'
     AND NOT EXISTS (SELECT 1 FROM missing m WHERE m.id = x.activity_id)) AS gone_missing,
  (SELECT count(*) FROM overdue o WHERE NOT EXISTS (
     SELECT 1 FROM findings x WHERE x.follow_up_id = o.id AND x.expected_on = o.due_on
       AND x.kind = 'overdue_follow_up' AND x.status <> 'resolved')) AS new_overdue,
  (SELECT count(*) FROM findings x WHERE x.kind = 'overdue_follow_up' AND x.status <> 'resolved'
     AND NOT EXISTS (SELECT 1 FROM overdue o WHERE o.id = x.follow_up_id
                     AND o.due_on = x.expected_on)) AS gone_overdue
"""


async def floor(url: str) -> float:
    import asyncpg

    conn = await asyncpg.connect(dsn(url))
    try:
        began = time.perf_counter()
        await conn.fetchrow(FLOOR_SQL)
        return time.perf_counter() - began
    finally:
        await conn.close()


def run_in_child(url: str, now: dt.datetime) -> dict[str, float]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--pass-only", url, "--now", now.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


async def measure(url: str, now: dt.datetime) -> None:
    """First pass, steady-state pass and the SQL floor on a database without findings."""
    first = await asyncio.to_thread(run_in_child, url, now)
    print(
        f"first pass:        {first['seconds']:7.2f} s, {first['opened']:,.0f} findings "
        f"opened, peak memory {first['peak_mb']:.0f} MB",
        flush=True,
    )
    steady = await asyncio.to_thread(run_in_child, url, now + dt.timedelta(seconds=1))
    print(
        f"steady-state pass: {steady['seconds']:7.2f} s, {steady['opened']:,.0f} opened, "
        f"{steady['resolved']:,.0f} resolved, peak memory {steady['peak_mb']:.0f} MB",
        flush=True,
    )
    floor_seconds = await floor(url)
    print(
        f"hand-written SQL floor of the steady pass: {floor_seconds:7.2f} s "
        f"(pass / floor = {steady['seconds'] / floor_seconds:.1f}x)",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--url", help="a generated database without findings (bench/run.py)")
    parser.add_argument("--pass-only", metavar="URL")
    parser.add_argument("--now")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if args.pass_only:
        print(json.dumps(await one_pass(args.pass_only, dt.datetime.fromisoformat(args.now))))
        return
    now = dt.datetime.now(dt.UTC)
    if args.url:
        await measure(args.url, now)
        return

    size = Size.scaled(args.activities)
    began = time.perf_counter()
    url = await create_database()
    try:
        counts = await generate(url, size, now=now)
        print(
            f"generated {counts['activities']:,} activities, {counts['follow_ups']:,} "
            f"follow-ups, {counts['series']:,} series in {size.networks:,} networks "
            f"({time.perf_counter() - began:.1f} s)",
            flush=True,
        )
        await measure(url, now)
    finally:
        if args.keep:
            print(f"kept {url}")
        else:
            await drop_database(url)


if __name__ == "__main__":
    asyncio.run(main())
