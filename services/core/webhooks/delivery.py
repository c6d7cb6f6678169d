"""Sending due webhook deliveries: claim, POST, record, retry with backoff, give up.

A pass claims a batch under a lease in a short transaction of its own and commits it, so no
database transaction stays open while a slow receiver is called. Each outcome is recorded in
a new transaction, only if the lease is still ours: a replica presumed dead cannot overwrite
the work of the one that took over. A crash between the POST and the record re-sends with
the same ``webhook-id``, which receivers use to dedupe.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db import leases
from services.core.db.engine import unit_of_work
from services.core.observability import logs, metrics
from services.core.settings import Settings
from services.core.webhooks import guard, notify, signing
from services.core.webhooks import repository as repo
from services.core.webhooks.events import rfc3339
from services.core.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

log = logging.getLogger("drumbeat.webhooks")

# Waits after the 1st, 2nd, ... failed attempt; after the last one the delivery is dead.
RETRY_SCHEDULE = tuple(
    dt.timedelta(seconds=s)
    for s in (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600)
)
JITTER = 0.1
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 10.0
CONCURRENCY = 10
MAX_LOG_ENTRIES = 50
MAX_ERROR_LENGTH = 500
USER_AGENT = "Drumbeat-Webhooks/1.0"
OUTCOMES = ("claimed", "succeeded", "failed", "dead", "lost", "error")


@dataclass(frozen=True)
class Job:
    """What a claimed delivery needs for its attempt, detached from any session."""

    delivery_id: uuid.UUID
    attempts: int
    network_id: uuid.UUID
    endpoint_id: uuid.UUID
    url: str
    secret: str
    active: bool
    disabled_reason: str | None
    body: bytes
    request_id: str | None = None


@dataclass(frozen=True)
class Attempt:
    status_code: int | None = None
    error: str | None = None
    duration_ms: int | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def retry_delay(failed_attempts: int) -> dt.timedelta | None:
    """The wait after the n-th failed attempt (1-based), with jitter; None: give up."""
    if failed_attempts > len(RETRY_SCHEDULE):
        return None
    base = RETRY_SCHEDULE[failed_attempts - 1]
    # Jitter spreads retries of many deliveries that failed together (a receiver outage).
    factor = 1 + random.uniform(-JITTER, JITTER)  # noqa: S311 - not for secrecy
    return base * factor


def _body(payload: dict[str, Any]) -> bytes:
    # Rebuilt in the documented key order: JSONB does not keep the order it was given.
    ordered = {key: payload[key] for key in ("type", "timestamp", "data")}
    return json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


async def _claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime,
    owner: str,
    limit: int,
) -> list[Job]:
    # Long enough for the whole batch even if every receiver is slow, so the lease does not
    # lapse (and another replica re-send) while this pass is still working through it.
    rounds = math.ceil(limit / CONCURRENCY)
    lease = max(settings.worker_lease_seconds, int(rounds * (TOTAL_TIMEOUT + 5) + 30))
    async with unit_of_work(sessionmaker) as session:
        due = WebhookDelivery.next_attempt_at <= now
        claimed = await leases.claim(
            session,
            WebhookDelivery,
            ready=due
            & or_(WebhookDelivery.status == "pending", WebhookDelivery.status == "failed"),
            order_by=[WebhookDelivery.next_attempt_at, WebhookDelivery.id],
            owner=owner,
            now=now,
            lease=dt.timedelta(seconds=lease),
            limit=limit,
        )
        endpoints = await repo.endpoints_by_id(session, (d.endpoint_id for d in claimed))
        events = await repo.events_by_id(session, (d.event_id for d in claimed))
        jobs = []
        for delivery in claimed:
            # A delivery whose endpoint was deleted a moment ago went with it: skip it.
            if delivery.endpoint_id not in endpoints or delivery.event_id not in events:
                continue
            try:
                jobs.append(
                    _job(delivery, endpoints[delivery.endpoint_id], events[delivery.event_id])
                )
            except Exception as exc:
                # A stored event this code cannot send (written by an older version, say) fails
                # alone, and reaches "dead" like any delivery that keeps failing.
                log.exception("webhook delivery %s cannot be prepared", delivery.id)
                metrics.WORKER_FAILURES.labels("webhooks", "delivery").inc()
                _unsendable(delivery, _short(f"cannot be prepared: {exc.__class__.__name__}"), now)
        return jobs


def _unsendable(delivery: WebhookDelivery, error: str, now: dt.datetime) -> None:
    """Count an attempt the worker itself could not complete (preparing or recording it) as
    failed, with a retry; the endpoint is not to blame, so its failure count stays."""
    delivery.last_error = error
    delay = retry_delay(leases.end_attempt(delivery))
    if delay is None:
        delivery.status = "dead"
        note = f"gave up: {error}"
    else:
        delivery.status = "failed"
        delivery.next_attempt_at = now + delay
        note = f"retry at {rfc3339(delivery.next_attempt_at)}"
    entry = {"at": rfc3339(now), "error": error, "note": note}
    delivery.log = leases.append_log(delivery.log, entry, MAX_LOG_ENTRIES)


def _job(delivery: WebhookDelivery, endpoint: WebhookEndpoint, event: WebhookEvent) -> Job:
    return Job(
        delivery_id=delivery.id,
        attempts=delivery.attempts,
        network_id=delivery.network_id,
        endpoint_id=endpoint.id,
        url=endpoint.url,
        secret=endpoint.secret,
        active=endpoint.active,
        disabled_reason=endpoint.disabled_reason,
        body=_body(event.payload),
        request_id=event.request_id,
    )


def _short(text: str) -> str:
    return text if len(text) <= MAX_ERROR_LENGTH else text[: MAX_ERROR_LENGTH - 1] + "…"


async def _post(client: httpx.AsyncClient, settings: Settings, job: Job) -> int:
    target = await guard.pin(job.url, allow_private=settings.webhooks_allow_private)
    # The signature's timestamp is the wall clock, not the pass's ``now``: receivers compare
    # it with their own clock to refuse replays.
    headers = signing.headers(job.secret, str(job.delivery_id), int(time.time()), job.body)
    headers.update(
        {"Host": target.host_header, "Content-Type": "application/json", "User-Agent": USER_AGENT}
    )
    extensions = {"sni_hostname": target.server_name} if target.server_name else None
    request = client.build_request(
        "POST", target.url, content=job.body, headers=headers, extensions=extensions
    )
    # Streamed and never read: a receiver's answer body is not ours to download.
    response = await client.send(request, stream=True)
    await response.aclose()
    return response.status_code


async def attempt(client: httpx.AsyncClient, settings: Settings, job: Job) -> Attempt:
    if not job.active:
        return Attempt(
            error=f"endpoint disabled: {job.disabled_reason or 'no reason'}", skipped=True
        )
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        async with asyncio.timeout(TOTAL_TIMEOUT):
            status_code = await _post(client, settings, job)
    except guard.UnsafeUrl as exc:
        error = f"refused: {exc}"
    except TimeoutError:
        error = f"no answer within {TOTAL_TIMEOUT:g} s"
    except httpx.HTTPError as exc:
        error = _short(f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__)
    except Exception as exc:
        # Counted as a failed attempt, so a delivery that trips a bug still reaches "dead"
        # instead of being retried for ever each time its lease lapses.
        log.exception("webhook delivery %s failed unexpectedly", job.delivery_id)
        error = _short(f"unexpected {exc.__class__.__name__}")
    elapsed = int((time.perf_counter() - started) * 1000)
    if status_code is not None and 300 <= status_code < 400:
        error = f"redirect ({status_code}) not followed"
    elif status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}"
    return Attempt(status_code=status_code, error=error, duration_ms=elapsed)


def _log_entry(outcome: Attempt, now: dt.datetime, note: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": rfc3339(now)}
    if not outcome.skipped:
        entry.update(
            status_code=outcome.status_code, error=outcome.error, duration_ms=outcome.duration_ms
        )
    if note:
        entry["note"] = note
    return entry


async def _record(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    job: Job,
    outcome: Attempt,
    *,
    now: dt.datetime,
    owner: str,
) -> str:
    disabled_because: str | None = None
    async with unit_of_work(sessionmaker) as session:
        delivery = await repo.owned_delivery(session, job.delivery_id, owner)
        if delivery is None:
            return "lost"
        leases.release(delivery)
        note: str | None = None
        if outcome.skipped:
            delivery.status = "dead"
            delivery.last_error = outcome.error
            note = f"not attempted: {outcome.error}"
        else:
            delivery.attempts = job.attempts + 1
            delivery.last_status_code = outcome.status_code
            delivery.last_error = outcome.error
            if outcome.ok:
                delivery.status = "succeeded"
                delivery.delivered_at = now
                await repo.update_endpoint(
                    session,
                    job.endpoint_id,
                    WebhookEndpoint.consecutive_failures > 0,
                    consecutive_failures=0,
                )
            else:
                note, disabled_because = await _failed(session, job, delivery, outcome, now)
        delivery.log = leases.append_log(
            delivery.log, _log_entry(outcome, now, note), MAX_LOG_ENTRIES
        )
        status = delivery.status
    if disabled_because is not None:
        await notify.endpoint_disabled(
            sessionmaker, settings, job.endpoint_id, disabled_because, str(job.delivery_id)
        )
    return status


async def _failed(
    session: AsyncSession,
    job: Job,
    delivery: WebhookDelivery,
    outcome: Attempt,
    now: dt.datetime,
) -> tuple[str | None, str | None]:
    """Schedule the retry or give up; returns (log note, reason the endpoint was disabled)."""
    await repo.update_endpoint(
        session,
        job.endpoint_id,
        consecutive_failures=WebhookEndpoint.consecutive_failures + 1,
    )
    if outcome.status_code == 410:
        reason = "the receiver answered 410 Gone"
    else:
        delay = retry_delay(delivery.attempts)
        if delay is not None:
            delivery.status = "failed"
            delivery.next_attempt_at = now + delay
            return f"retry at {rfc3339(delivery.next_attempt_at)}", None
        reason = f"all {delivery.attempts} attempts failed; the last: {outcome.error}"
    delivery.status = "dead"
    # Only the first delivery to give up disables the endpoint and tells the coordinators.
    disabled = await repo.update_endpoint(
        session,
        job.endpoint_id,
        WebhookEndpoint.active.is_(True),
        active=False,
        disabled_reason=reason,
    )
    return f"gave up: {reason}", reason if disabled else None


async def _record_error(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: Job,
    exc: Exception,
    *,
    now: dt.datetime,
    owner: str,
) -> None:
    """After recording failed: the error on the row, so a delivery that trips a bug each
    time still reaches "dead" instead of being retried for ever as its lease lapses. If the
    database itself is down this fails too, and the lease lapses as before."""
    try:
        async with unit_of_work(sessionmaker) as session:
            delivery = await repo.owned_delivery(session, job.delivery_id, owner)
            if delivery is not None:
                _unsendable(delivery, _short(f"unexpected {exc.__class__.__name__}"), now)
    except Exception:
        log.exception("could not record the error of webhook delivery %s", job.delivery_id)


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime,
    owner: str,
    limit: int | None = None,
) -> dict[str, int]:
    """Send every delivery due at ``now`` (up to ``limit``); counts by outcome.

    Outcomes: claimed, succeeded, failed (a retry is scheduled), dead (given up or the
    endpoint is disabled), lost (another replica took the lease over), error (recording
    failed; the lease lapses and a later pass retries).
    """
    jobs = await _claim(
        sessionmaker, settings, now=now, owner=owner, limit=limit or settings.worker_batch_size
    )
    counts: Counter[str] = Counter({outcome: 0 for outcome in OUTCOMES})
    counts["claimed"] = len(jobs)
    if not jobs:
        return dict(counts)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(job: Job) -> None:
        # Each delivery runs in its own task: its log lines carry the id of the API request
        # that caused the event.
        logs.request_id.set(job.request_id)
        async with gate:
            try:
                outcome = await attempt(client, settings, job)
                result = await _record(sessionmaker, settings, job, outcome, now=now, owner=owner)
                counts[result] += 1
                log.info(
                    "webhook delivery %s: %s",
                    job.delivery_id,
                    result,
                    extra={"status_code": outcome.status_code, "endpoint_id": str(job.endpoint_id)},
                )
            except Exception as exc:
                log.exception("recording webhook delivery %s failed", job.delivery_id)
                metrics.WORKER_FAILURES.labels("webhooks", "delivery").inc()
                counts["error"] += 1
                await _record_error(sessionmaker, job, exc, now=now, owner=owner)

    timeout = httpx.Timeout(TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT)
    # trust_env=False: an environment proxy would connect to the name, not the vetted address.
    # No keep-alive: pooled by address, a TLS connection verified for one host name could
    # otherwise carry the request of another name that resolves to the same address.
    async with httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    ) as client:
        await asyncio.gather(*(one(job) for job in jobs))
    return dict(counts)
