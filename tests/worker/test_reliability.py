"""Several worker processes against one PostgreSQL database: exactly once, crash, restart.

These start real `drumbeat worker` processes. They run on PostgreSQL only: on SQLite a single
worker runs by design (see README), so there is nothing to coordinate.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.api.app import create_app
from services.core.db.types import utcnow
from services.core.settings import REPO_ROOT, Settings
from services.core.webhooks.models import WebhookDelivery
from tests.builders import make_webhook
from tests.support import World
from tests.webhooks.receiver import Receiver, serving
from tests.worker.helpers import Clock, Inbox, create_activity, iso, recipient, text_of

DRUMBEAT = str(Path(sys.executable).with_name("drumbeat"))


@pytest.fixture(autouse=True)
def _postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("worker replicas coordinate through PostgreSQL; SQLite runs one worker")


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    # The receiver listens on loopback, which only a development setting allows.
    return create_app(settings.model_copy(update={"webhooks_allow_private": True}))


@pytest_asyncio.fixture(loop_scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    async with serving(Receiver()) as running:
        yield running


def worker_env(database_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DRUMBEAT_DATABASE_URL": database_url,
            "DRUMBEAT_EMAIL_BACKEND": "smtp",
            "DRUMBEAT_SMTP_HOST": "127.0.0.1",
            "DRUMBEAT_SMTP_PORT": str(smtp_port),
            "DRUMBEAT_SMTP_STARTTLS": "false",
            "DRUMBEAT_WEBHOOKS_ALLOW_PRIVATE": "true",
            **extra,
        }
    )
    return env


async def start_worker(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        DRUMBEAT,
        "worker",
        *args,
        env=env,
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def finish(process: asyncio.subprocess.Process, within: float = 120) -> str:
    out, _ = await asyncio.wait_for(process.communicate(), within)
    assert process.returncode == 0, out.decode()
    return out.decode()


async def wait_until(predicate: Any, within: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def seed(world: World, receiver: Receiver, activities: int) -> dt.datetime:
    """Activities without follow-up that ended 40 days ago, and a webhook endpoint that hears
    of every finding; the instant that "now" stands for."""
    now = utcnow()
    ended = now - dt.timedelta(days=40)
    async with world.client("coord") as client:
        await make_webhook(client, world.networks["A"].id, receiver.url)
    for number in range(activities):
        await create_activity(
            world,
            title=f"Training {number}",
            starts_at=iso(ended - dt.timedelta(hours=3)),
            ends_at=iso(ended),
        )
    return now


async def test_three_workers_deliver_every_reminder_and_webhook_exactly_once(
    world: World, clock: Clock, database_url: str, inbox: tuple[Inbox, int], receiver: Receiver
) -> None:
    handler, port = inbox
    now = await seed(world, receiver, activities=24)
    await clock.detect(now)  # every finding opens; its reminders and webhooks are due now

    env = worker_env(database_url, port, DRUMBEAT_WORKER_BATCH_SIZE="3")
    workers = [await start_worker(env, "--once", "--now", iso(now)) for _ in range(3)]
    outputs = [await finish(worker) for worker in workers]

    reminders = await clock.reminders()
    due_now = [r for r in reminders if r.step == 0]
    assert due_now and {r.status for r in due_now} == {"sent"}
    per_message = Counter(m["Message-ID"] for m in handler.messages)
    assert set(per_message.values()) == {1}, "no message was sent twice"
    assert set(per_message) == {r.message_id for r in due_now}
    # Batches of 3 reminders, 24 due per recipient, three replicas: still one digest each.
    assert sorted(recipient(m) for m in handler.messages) == [
        "coord@example.org",
        "member@example.org",
    ]
    ids = Counter(request.headers["webhook-id"] for request in receiver.requests)
    assert len(ids) == 24 and set(ids.values()) == {1}
    assert {d.status for d in await clock.rows(WebhookDelivery)} == {"succeeded"}
    busy = [o for o in outputs if "0 sent in 0 emails" not in o]
    assert len(busy) >= 1, outputs


async def test_a_killed_worker_leaves_its_batch_to_the_next_one(
    world: World, clock: Clock, database_url: str, inbox: tuple[Inbox, int], receiver: Receiver
) -> None:
    handler, port = inbox
    now = await seed(world, receiver, activities=4)
    await clock.detect(now)
    handler.stall = True
    env = worker_env(
        database_url,
        port,
        DRUMBEAT_WORKER_LEASE_SECONDS="2",
        DRUMBEAT_DETECT_INTERVAL_SECONDS="3600",
        DRUMBEAT_WORKER_POLL_SECONDS="0.5",
    )
    victim = await start_worker(env)
    await asyncio.to_thread(handler.stalled.wait, 60)
    victim.send_signal(signal.SIGKILL)  # in the middle of sending its first digest
    await victim.wait()
    stuck = [r for r in await clock.reminders() if r.status == "pending" and r.lease_owner]
    assert stuck, "the killed worker held leases"
    first_message = handler.messages[0]["Message-ID"]
    handler.gate.set()

    await asyncio.sleep(2.5)  # its leases expire
    await finish(await start_worker(env, "--once"))

    due_now = [r for r in await clock.reminders() if r.step == 0]
    assert {r.status for r in due_now} == {"sent"}, "nothing was lost"
    per_message = Counter(m["Message-ID"] for m in handler.messages)
    assert per_message[first_message] <= 2, "the interrupted digest is resent with its own id"
    assert all(n == 1 for mid, n in per_message.items() if mid != first_message)
    ids = Counter(request.headers["webhook-id"] for request in receiver.requests)
    assert len(ids) == 4


async def test_the_worker_survives_its_database_connections_being_killed(
    world: World, clock: Clock, database_url: str, inbox: tuple[Inbox, int], receiver: Receiver
) -> None:
    handler, port = inbox
    now = await seed(world, receiver, activities=1)
    env = worker_env(
        database_url,
        port,
        DRUMBEAT_DETECT_INTERVAL_SECONDS="1",
        DRUMBEAT_WORKER_POLL_SECONDS="0.3",
    )
    worker = await start_worker(env)
    try:

        async def mailed(count: int) -> bool:
            return len(handler.messages) >= count

        await wait_until(lambda: mailed(2), 60, "the first reminders")
        async with clock.sessionmaker() as session, session.begin():
            killed = await session.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            assert killed.all(), "the worker's connections were there to kill"
        await create_activity(
            world,
            title="Recorded after the outage",
            starts_at=iso(now - dt.timedelta(days=41)),
            ends_at=iso(now - dt.timedelta(days=40)),
        )
        await wait_until(lambda: mailed(4), 60, "reminders after the connections were killed")
        assert worker.returncode is None, "the worker is still running"
        subjects = " ".join(text_of(m) for m in handler.messages[2:])
        assert "Recorded after the outage" in subjects
    finally:
        worker.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(worker.communicate(), 30)
    assert worker.returncode == 0, out.decode()
    assert "worker iteration failed" in out.decode() or "stopped" in out.decode()
