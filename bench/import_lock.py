"""How long a CSV import holds SQLite's write lock, and what another writer meanwhile sees.

Makes a fresh SQLite database in a temporary directory (migrated, one network, a member, a
few organisations and one activity), then imports --rows activities through the ASGI app in
this process, as the member. Every row names an organisation and a cascade_of: the previous
row of the file for every other row, the activity in the database for the rest, so every kind
of reference check runs. Two figures:

  write lock held  from each write transaction's BEGIN IMMEDIATE to its COMMIT or ROLLBACK,
                   timed by engine events (the import's own transaction is the longest);
  other writer     a thread with its own sqlite3 connection that takes the write lock every
                   50 ms during the import (BEGIN IMMEDIATE, at once ROLLBACK), waiting up to
                   the app's busy timeout: how long it waited at most, and how often it gave
                   up with "database is locked", which an API request answers 503 (500 before
                   issue 11).

    .venv/bin/python bench/import_lock.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.cli import migrate
from services.core.activities.models import Activity
from services.core.db.engine import WRITE_OPTION, create_engine, create_sessionmaker
from services.core.db.types import utcnow
from services.core.networks.models import Membership, Network
from services.core.organisations.models import Organisation
from services.core.settings import Settings
from services.core.users import service as users
from services.core.users.models import User

ORGANISATIONS = 20
UNUSABLE = "!"  # no password: the member signs in by its session token
ORIGINAL = uuid.UUID("01900000-0000-7000-8000-000000000001")


async def seed(settings: Settings) -> tuple[str, str, str]:
    """The network's id, the member's session token and CSRF token."""
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            user = User(email="member@example.org", name="Member", password_hash=UNUSABLE)
            network = Network(name="Bench", slug="bench", reminders_since=utcnow())
            session.add_all([user, network])
            await session.flush()
            session.add(Membership(network_id=network.id, user_id=user.id, role="member"))
            signed_in = await users.start_session(session, user, dt.timedelta(hours=1))
            session.add_all(
                Organisation(network_id=network.id, name=f"Organisation {n}")
                for n in range(ORGANISATIONS)
            )
            start = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
            session.add(
                Activity(
                    id=ORIGINAL,
                    network_id=network.id,
                    title="The original",
                    kind="training",
                    status="held",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                )
            )
            return str(network.id), signed_in.token, signed_in.csrf_token
    finally:
        await engine.dispose()


def csv_of(rows: int) -> bytes:
    lines = ["id,title,kind,status,starts_at,ends_at,facilitators,participants,cascade_of"]
    for n in range(rows):
        day = dt.date(2026, 1, 10) + dt.timedelta(days=n % 300)
        parent = f"r{n - 1}" if n % 2 else str(ORIGINAL)
        lines.append(
            f"r{n},Visit {n},training,held,{day}T08:00:00Z,{day}T16:00:00Z,"
            f"Organisation {n % ORGANISATIONS},Organisation {(n + 1) % ORGANISATIONS},{parent}"
        )
    return "\r\n".join(lines).encode()


class LockTimer:
    """Times every write transaction of the app's engine."""

    def __init__(self, engine: Any) -> None:
        self.held: list[float] = []
        self._since: dict[int, float] = {}
        sync = engine.sync_engine
        event.listen(sync, "begin", self._begin)
        event.listen(sync, "commit", self._end)
        event.listen(sync, "rollback", self._end)

    def _begin(self, conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, False):
            self._since[id(conn)] = time.perf_counter()

    def _end(self, conn: Any) -> None:
        started = self._since.pop(id(conn), None)
        if started is not None:
            self.held.append(time.perf_counter() - started)


class OtherWriter(threading.Thread):
    def __init__(self, path: str, busy_timeout_s: float) -> None:
        super().__init__(daemon=True)
        self.path, self.timeout = path, busy_timeout_s
        self.waits: list[float] = []
        self.locked_out = 0
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                self.locked_out += 1
            self.waits.append(time.perf_counter() - started)
            self.stop.wait(0.05)
        conn.close()


async def main(rows: int) -> None:
    from services.api.app import create_app

    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "bench.sqlite3")
        settings = Settings(database_url=f"sqlite+aiosqlite:///{path}")
        await asyncio.to_thread(migrate, settings.database_url)
        network_id, token, csrf = await seed(settings)
        body = csv_of(rows)
        app = create_app(settings)
        timer = LockTimer(app.state.engine)
        busy_ms = getattr(settings, "database_busy_timeout_ms", 10_000)
        other = OtherWriter(path, busy_ms / 1000)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://bench",
            cookies={settings.session_cookie_name: token},
            headers={"X-CSRF-Token": csrf, "Content-Type": "text/csv"},
            timeout=600,
        ) as client:
            other.start()
            started = time.perf_counter()
            response = await client.post(
                f"/api/v1/networks/{network_id}/activities/import", content=body
            )
            elapsed = time.perf_counter() - started
            other.stop.set()
            other.join()
        await app.state.engine.dispose()
    if response.status_code != 201:
        raise SystemExit(f"import failed: {response.status_code} {response.text[:500]}")
    print(f"rows imported               {rows}")
    print(f"import request              {elapsed:.2f} s")
    print(f"write transactions          {len(timer.held)}")
    print(f"write lock held, longest    {max(timer.held):.3f} s")
    print(f"write lock held, in total   {sum(timer.held):.3f} s")
    print(f"other writer, attempts      {len(other.waits)}")
    print(f"other writer, longest wait  {max(other.waits, default=0):.3f} s")
    print(f"other writer, locked out    {other.locked_out} (busy timeout {busy_ms / 1000:g} s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    asyncio.run(main(parser.parse_args().rows))
