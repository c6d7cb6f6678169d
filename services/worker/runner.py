"""The worker: detection every interval, reminder and webhook delivery continuously.

Replicas coordinate only through the database (advisory locks for a network's detection
pass, leased claims for deliveries), so any number may run against PostgreSQL; on SQLite run
one. Every failure inside an iteration is logged and retried with back-off: a database
restart or an SMTP outage slows the worker down, it never stops it.

A failing item (one network's detection, one email, one webhook delivery) is recorded on its
row by the stage and the stage goes on. Detection, reminders and webhooks are stages of their
own: one that fails as a whole is logged and counted, and the others still run.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import signal
import socket
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from prometheus_client import start_http_server

from services.core.accountmail import delivery as account_emails
from services.core.db.engine import create_engine, create_sessionmaker, unit_of_work
from services.core.db.types import utcnow
from services.core.emailactions import repository as email_actions
from services.core.findings.detection import PassStats, run_pass
from services.core.observability import metrics, queues, tracing
from services.core.reminders.delivery import DeliveryStats, deliver_due
from services.core.series import expansions
from services.core.settings import Settings
from services.core.webhooks import delivery as webhooks

log = logging.getLogger("drumbeat.worker")

MAX_BACKOFF_SECONDS = 60.0

T = TypeVar("T")


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Summary:
    detection: PassStats
    reminders: DeliveryStats
    webhooks: dict[str, int]
    failed_stages: list[str] = field(default_factory=list)
    account_emails: dict[str, int] = field(default_factory=dict)


class Worker:
    def __init__(self, settings: Settings, *, owner: str | None = None) -> None:
        self.settings = settings
        self.owner = owner or worker_identity()
        self.engine = create_engine(settings)
        self.sessionmaker = create_sessionmaker(self.engine)
        expansions.CACHE.size = settings.detect_series_cache_size
        tracing.setup(settings, "drumbeat-worker", engine=self.engine)
        self._stop = asyncio.Event()

    async def close(self) -> None:
        await self.engine.dispose()

    def stop(self) -> None:
        self._stop.set()

    async def detect(self, now: dt.datetime) -> PassStats:
        reconcile = self.settings.detect_reconcile_hours
        with metrics.DETECTION_SECONDS.time():
            stats = await run_pass(
                self.sessionmaker,
                now,
                overlap=dt.timedelta(seconds=self.settings.detect_overlap_seconds),
                reconcile_every=dt.timedelta(hours=reconcile) if reconcile else None,
            )
        # Expired email-action links are kept a week, so a late click still hears "expired"
        # rather than "not a link", then go.
        async with unit_of_work(self.sessionmaker) as session:
            await email_actions.purge_expired(session, now - dt.timedelta(days=7))
        return stats

    async def deliver(self, now: dt.datetime) -> DeliveryStats:
        total = DeliveryStats()
        # Drain everything due now, batch by batch, so --once leaves nothing behind. A batch
        # holds whole recipients, so none gets a second digest from a later batch of the pass.
        while True:
            stats = await deliver_due(self.sessionmaker, self.settings, now=now, owner=self.owner)
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(stats, name))
            for outcome in ("sent", "skipped", "failed", "retried"):
                metrics.REMINDERS.labels(outcome).inc(getattr(stats, outcome))
            if stats.claimed < self.settings.worker_batch_size:
                return total

    async def deliver_webhooks(self, now: dt.datetime) -> dict[str, int]:
        total: Counter[str] = Counter()
        while True:
            counts = await webhooks.deliver_due(
                self.sessionmaker, self.settings, now=now, owner=self.owner
            )
            total.update(counts)
            for outcome, count in counts.items():
                if outcome != "claimed":
                    metrics.WEBHOOK_DELIVERIES.labels(outcome).inc(count)
            if counts.get("claimed", 0) < self.settings.worker_batch_size:
                return dict(total)

    async def deliver_account_emails(self, now: dt.datetime) -> dict[str, int]:
        total: Counter[str] = Counter()
        while True:
            counts = await account_emails.deliver_due(
                self.sessionmaker, self.settings, now=now, owner=self.owner
            )
            total.update(counts)
            if counts.get("claimed", 0) < self.settings.worker_batch_size:
                return dict(total)

    async def stage(
        self, name: str, run: Callable[[], Awaitable[T]], failed: list[str]
    ) -> T | None:
        """Run one stage; if it fails as a whole, log and count that and return None."""
        try:
            return await run()
        except Exception:
            log.exception("worker stage %s failed; the other stages go on", name)
            metrics.WORKER_FAILURES.labels(name, "stage").inc()
            failed.append(name)
            return None

    async def run_once(self, now: dt.datetime | None = None) -> Summary:
        at = now or utcnow()
        failed: list[str] = []
        accounts = await self.stage(
            "account_emails", lambda: self.deliver_account_emails(at), failed
        )
        detection = await self.stage("detection", lambda: self.detect(at), failed)
        reminders = await self.stage("reminders", lambda: self.deliver(at), failed)
        deliveries = await self.stage("webhooks", lambda: self.deliver_webhooks(at), failed)
        return Summary(
            detection or PassStats(),
            reminders or DeliveryStats(),
            deliveries or {},
            failed,
            accounts or {},
        )

    async def run_forever(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stop)
        if self.settings.worker_metrics_port:
            start_http_server(self.settings.worker_metrics_port)
        log.info("worker %s started", self.owner)
        next_detection = 0.0
        failures = 0
        while not self._stop.is_set():
            failed: list[str] = []
            # First: someone is waiting for an invitation or a reset link right now.
            await self.stage(
                "account_emails", lambda: self.deliver_account_emails(utcnow()), failed
            )
            if loop.time() >= next_detection:
                detected = await self.stage("detection", lambda: self.detect(utcnow()), failed)
                if detected is not None:  # a failed pass is tried again next iteration
                    next_detection = loop.time() + self.settings.detect_interval_seconds
            await self.stage("reminders", lambda: self.deliver(utcnow()), failed)
            await self.stage("webhooks", lambda: self.deliver_webhooks(utcnow()), failed)
            await self.stage("queues", lambda: queues.measure(self.sessionmaker, utcnow()), failed)
            if failed:
                failures += 1
                pause = min(MAX_BACKOFF_SECONDS, self.settings.worker_poll_seconds * 2**failures)
                log.warning("%s failed; next iteration in %.0f s", ", ".join(failed), pause)
            else:
                failures = 0
                pause = self.settings.worker_poll_seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=pause)
        log.info("worker %s stopped", self.owner)


async def run(settings: Settings, *, once: bool, now: dt.datetime | None = None) -> Summary | None:
    worker = Worker(settings)
    try:
        if once:
            return await worker.run_once(now)
        await worker.run_forever()
        return None
    finally:
        await worker.close()
