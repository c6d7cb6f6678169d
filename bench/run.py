"""Every benchmark of issue 7 on one generated data set; `make bench` runs this.

1. bench/datagen.py: a fresh PostgreSQL database in the issue's proportions (1 000 networks,
   50 000 organisations, 1 000 000 activities, 300 000 follow-ups, 5 000 series over five
   years, scaled to --activities), and how long it took;
2. bench/detection.py: the worker's first detection pass, its incremental passes with
   nothing and with 1 000 activities changed beside the full pass, their peak memory, and
   the hand-written SQL floor;
3. bench/insights.py: GET /insights of the largest network, one request at a time;
4. bench/api.py: the API against a bare Starlette + asyncpg floor under wrk, one process
   each, then the lists and the get with two processes each (`--workers 2`);
5. bench/frontend_payload.mjs: the SPA's initial JavaScript.

Each step is a process of its own and prints its own figures; the database is dropped at the
end unless --keep. --reuse URL runs the steps on a database an earlier --keep left (its
findings and reminders are deleted first, so the first pass is a first pass again).

    .venv/bin/python bench/run.py [--activities 1000000] [--keep | --reuse URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.datagen import Size, generate
from bench.dataset import create_database, drop_database, dsn
from bench.detection import DATA_AGE

REPO = Path(__file__).resolve().parents[1]


def step(title: str, command: list[str]) -> bool:
    print(f"\n## {title}\n$ {' '.join(command)}", flush=True)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, check=False)  # noqa: S603 - our own scripts
    print(f"({title}: {time.perf_counter() - began:.0f} s, exit {done.returncode})", flush=True)
    return done.returncode == 0


async def forget_findings(url: str) -> None:
    if not (make_url(url).database or "").startswith("drumbeat_bench_"):
        raise SystemExit("--reuse takes a database bench/run.py --keep left (drumbeat_bench_*)")
    conn = await asyncpg.connect(dsn(url))
    try:
        # Besides the generated data, only what the steps below add: findings, their reminders,
        # the activities bench/api.py created, its keys and the sessions bench/insights.py made.
        await conn.execute("DELETE FROM reminders")
        await conn.execute("DELETE FROM findings")
        await conn.execute("DELETE FROM detection_watermarks")
        await conn.execute("DELETE FROM detection_touches")
        await conn.execute("DELETE FROM activities WHERE title = 'Bench activity'")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    parser.add_argument("--reuse", metavar="URL", help="a database an earlier --keep left")
    parser.add_argument("--api-duration", default="10", help="seconds per wrk measurement")
    args = parser.parse_args()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(
        f"# Drumbeat benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit "
        f"{commit or '?'}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    python = sys.executable
    if args.reuse:
        url = args.reuse
        asyncio.run(forget_findings(url))
        print(f"reusing {url}", flush=True)
    else:
        size = Size.scaled(args.activities)
        print(f"\n## data\ngenerating {size}", flush=True)
        began = time.perf_counter()
        url = asyncio.run(create_database())
        # Written an hour before the passes, longer ago than detection's overlap.
        written = dt.datetime.now(dt.UTC) - DATA_AGE
        counts = asyncio.run(generate(url, size, now=written))
        print(
            "generated " + ", ".join(f"{n:,} {table}" for table, n in counts.items()),
            flush=True,
        )
        print(f"generator: {time.perf_counter() - began:.1f} s (migrations, COPY, ANALYZE)")
    try:
        results = [
            step("detection", [python, "bench/detection.py", "--url", url]),
            step("insights", [python, "bench/insights.py", "--url", url]),
            step(
                "API against the floor",
                [python, "bench/api.py", "--url", url, "--duration", args.api_duration],
            ),
            # Issue 17: every core. The reads its targets name, both servers with 2 processes.
            step(
                "API against the floor, 2 processes each",
                [
                    *(python, "bench/api.py", "--url", url, "--duration", args.api_duration),
                    *("--workers", "2", "--only", "list,get activity"),
                ],
            ),
            step("SPA payload", ["node", "bench/frontend_payload.mjs"]),
        ]
    finally:
        if args.keep or args.reuse:
            print(f"\nkept {url}")
        else:
            asyncio.run(drop_database(url))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
