"""Detection pass timing on a generated PostgreSQL data set.

Generates the data (bench/datagen.py, the issue's proportions scaled to --activities, written
an hour before the passes: longer ago than the incremental pass's overlap, as in any
deployment with a history), then runs, each set in a fresh process:

1. the first pass (a full one: no network has a watermark yet), which opens every finding;
2. as one worker would, one after the other: an incremental pass with nothing changed in a
   fresh process (its series expansions not cached yet), the same pass again (cached), an
   incremental pass after 1 000 activities changed (their follow-up expectation flipped, as
   an edit through the API would), and the full pass over the same data, the reference;

and prints the wall time of each, the processes' peak memory, and the time of the
hand-written SQL of the old steady pass's questions (the floor), then drops the database.
With --url it measures a database bench/run.py generated instead.

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
from typing import Any, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.datagen import Size, generate
from bench.dataset import create_database, drop_database, dsn

# Generated rows were written this long before the passes (bench/run.py too).
DATA_AGE = dt.timedelta(hours=1)
CHANGED = 1_000


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over from the parent across fork and exec, so a child of the process that generated the
    data reported the generator's memory as its own."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _timed(
    sessionmaker: Any, now: dt.datetime, mode: Literal["incremental", "full"]
) -> dict[str, float]:
    from services.core.findings.detection import run_pass

    began = time.perf_counter()
    stats = await run_pass(sessionmaker, now, mode=mode)
    return {
        "seconds": time.perf_counter() - began,
        "opened": stats.opened,
        "resolved": stats.resolved,
        "full_networks": stats.full_networks,
    }


async def change_activities(url: str, count: int) -> None:
    """Flip whether ``count`` activities expect a follow-up, as edits through the API do."""
    import asyncpg

    conn = await asyncpg.connect(dsn(url))
    try:
        await conn.execute(
            "UPDATE activities SET follow_up_expected = NOT follow_up_expected, "
            "updated_at = now(), version = version + 1 WHERE id IN "
            "(SELECT id FROM activities ORDER BY md5(id::text) LIMIT $1)",
            count,
        )
    finally:
        await conn.close()


async def passes(url: str, now: dt.datetime, which: str) -> dict[str, Any]:
    from services.core.db.engine import create_engine, create_sessionmaker
    from services.core.settings import Settings

    engine = create_engine(Settings(database_url=url))
    sessionmaker = create_sessionmaker(engine)
    result: dict[str, Any] = {}
    try:
        if which == "first":
            result["first"] = await _timed(sessionmaker, now, "incremental")
        else:
            minute = dt.timedelta(minutes=1)
            result["cold"] = await _timed(sessionmaker, now, "incremental")
            result["nothing"] = await _timed(sessionmaker, now + minute, "incremental")
            await change_activities(url, CHANGED)
            result["changed"] = await _timed(sessionmaker, now + 2 * minute, "incremental")
            result["full"] = await _timed(sessionmaker, now + 3 * minute, "full")
    finally:
        await engine.dispose()
    result["peak_mb"] = _peak_mb()
    return result


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


def run_in_child(url: str, now: dt.datetime, which: str) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--passes", which, "--pass-url", url, "--now", now.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _line(title: str, figures: dict[str, float], extra: str = "") -> None:
    print(
        f"{title:<48} {figures['seconds']:7.2f} s, {figures['opened']:,.0f} opened, "
        f"{figures['resolved']:,.0f} resolved{extra}",
        flush=True,
    )


async def measure(url: str, now: dt.datetime) -> None:
    """The first pass, the steady passes beside the full one, and the SQL floor, on a
    database without findings."""
    first = await asyncio.to_thread(run_in_child, url, now, "first")
    _line(
        "first pass (full: no watermark yet)",
        first["first"],
        f", peak memory {first['peak_mb']:.0f} MB",
    )
    steady = await asyncio.to_thread(run_in_child, url, now + dt.timedelta(minutes=1), "steady")
    _line("steady pass, nothing changed, fresh worker", steady["cold"])
    _line("steady pass, nothing changed", steady["nothing"])
    _line(f"steady pass, {CHANGED:,} activities changed", steady["changed"])
    _line("full pass on the same data (the reference)", steady["full"])
    full = steady["full"]["seconds"]
    print(
        f"incremental / full: nothing changed {steady['nothing']['seconds'] / full:.3f}, "
        f"{CHANGED:,} changed {steady['changed']['seconds'] / full:.3f}; "
        f"peak memory of the steady worker {steady['peak_mb']:.0f} MB",
        flush=True,
    )
    floor_seconds = await floor(url)
    print(
        f"hand-written SQL floor of the old steady pass's questions: {floor_seconds:7.2f} s",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--url", help="a generated database without findings (bench/run.py)")
    parser.add_argument("--passes", choices=["first", "steady"])
    parser.add_argument("--pass-url", metavar="URL")
    parser.add_argument("--now")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if args.passes:
        now = dt.datetime.fromisoformat(args.now)
        print(json.dumps(await passes(args.pass_url, now, args.passes)))
        return
    now = dt.datetime.now(dt.UTC)
    if args.url:
        await measure(args.url, now)
        return

    size = Size.scaled(args.activities)
    began = time.perf_counter()
    url = await create_database()
    try:
        counts = await generate(url, size, now=now - DATA_AGE)
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
