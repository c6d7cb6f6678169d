"""Whether a password-reset request takes measurably longer for an address with an account.

The answer to POST /api/v1/auth/password-reset is the same either way; this checks that its
timing does not tell the two apart either. Makes a fresh SQLite database in a temporary
directory with one user, then sends --requests requests for that address and as many for
addresses nobody has, interleaved, through the ASGI app in this process, and prints the
median and 90th percentile of each and the difference of the medians. (The per-address and
per-client limits are raised for the run; the limiter's own work is the same for both.)

    .venv/bin/python bench/reset_timing.py [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.cli import migrate
from services.core.common.security import hash_password
from services.core.db.engine import create_engine, create_sessionmaker
from services.core.settings import Settings
from services.core.users.models import User

KNOWN = "known@example.org"


async def main(requests: int, folder: str, url: str) -> None:
    from services.api.app import create_app

    if folder:
        settings = Settings(
            database_url=url,
            password_resets_per_account_per_hour=10**6,
            password_resets_per_address_per_hour=10**6,
        )
        engine = create_engine(settings)
        async with create_sessionmaker(engine)() as session, session.begin():
            session.add(User(email=KNOWN, name="Known", password_hash=hash_password("unused!")))
        await engine.dispose()
        app = create_app(settings)
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for i in range(requests):
                for kind, email in (("known", KNOWN), ("unknown", f"nobody{i}@example.org")):
                    started = time.perf_counter()
                    answer = await client.post("/api/v1/auth/password-reset", json={"email": email})
                    timings[kind].append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 202, answer.text
        await app.state.engine.dispose()
    for kind, values in timings.items():
        cuts = statistics.quantiles(values, n=10)
        print(f"{kind:8} median {statistics.median(values):6.2f} ms   p90 {cuts[8]:6.2f} ms")
    gap = statistics.median(timings["known"]) - statistics.median(timings["unknown"])
    print(f"difference of medians (known - unknown): {gap:+.2f} ms over {requests} each")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        migrate(database)  # runs its own event loop, so before ours
        asyncio.run(main(parser.parse_args().requests, folder, database))
