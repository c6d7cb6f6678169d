"""Prometheus metrics shared by the API and the worker.

A worker process exposes its own. The API's processes (``drumbeat api --workers N``, N > 1)
share theirs through files in ``PROMETHEUS_MULTIPROC_DIR``, which the command sets before
they start, so that a scrape of any of them counts every request of the pod.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def exposition() -> bytes:
    """This process's metrics, or with several API processes all of theirs together."""
    if not os.environ.get(MULTIPROCESS_DIR):
        return generate_latest()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


REQUEST_SECONDS = Histogram(
    "drumbeat_http_request_duration_seconds",
    "HTTP request latency by route template, method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DETECTION_SECONDS = Histogram(
    "drumbeat_detection_pass_duration_seconds",
    "Duration of a whole detection pass over every network.",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
FINDINGS_OPENED = Counter("drumbeat_findings_opened", "Findings opened.", ["kind"])
FINDINGS_RESOLVED = Counter("drumbeat_findings_resolved", "Findings resolved.", ["kind"])
DETECTION_MISSED = Counter(
    "drumbeat_detection_reconciliation_differences",
    "Findings a reconciling full pass opened or resolved (or snoozes it ended) that the "
    "incremental passes had missed: zero unless incremental detection has a fault.",
    ["kind", "change"],
)
REMINDERS = Counter(
    "drumbeat_reminders", "Reminders by outcome (sent, skipped, failed, retried).", ["outcome"]
)
WEBHOOK_DELIVERIES = Counter(
    "drumbeat_webhook_deliveries",
    "Webhook delivery attempts by outcome (succeeded, failed, dead, lost, error).",
    ["outcome"],
)
WORKER_FAILURES = Counter(
    "drumbeat_worker_failures",
    "Failures the worker recorded and went on from, by stage (detection, reminders, webhooks, "
    "queues) and what failed: one item (network, email, delivery) or the whole stage.",
    ["stage", "scope"],
)
QUEUE_LAG = Gauge(
    "drumbeat_queue_lag_seconds",
    "Age of the oldest due item not yet handled, per queue (reminders, webhooks).",
    ["queue"],
    # Measured on every scrape: the last measurement of any process is the one to show.
    multiprocess_mode="mostrecent",
)
QUEUE_DEPTH = Gauge(
    "drumbeat_queue_depth", "Items due now, per queue.", ["queue"], multiprocess_mode="mostrecent"
)
