"""Settings read from the environment (prefix ``DRUMBEAT_``) or a local ``.env`` file."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRUMBEAT_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{VAR_DIR / 'drumbeat.sqlite3'}",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    database_pool_size: int = 10
    database_echo: bool = False
    # SQLite: how long a transaction waits for the write lock before the request answers 503.
    database_busy_timeout_ms: int = Field(default=10_000, ge=0)

    public_url: str = "http://127.0.0.1:8000"
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    session_cookie_name: str = "drumbeat_session"
    session_ttl_hours: int = 24 * 14
    # Browsers drop Secure cookies on plain http://127.0.0.1; production sets this to true.
    session_cookie_secure: bool = False
    max_body_bytes: int = 1024 * 1024
    idempotency_ttl_hours: int = 24
    # How long a pending Idempotency-Key waits for its request before a retry may take it over.
    idempotency_lease_seconds: int = 60
    cors_origins: list[str] = Field(default_factory=list)

    # How long an API process remembers who a session token or API key belongs to. A sign-out,
    # a revoked key or a changed role takes effect at once in the process that made it, and
    # in the others within this time (services/core/common/callercache.py). 0: never.
    caller_cache_seconds: float = Field(default=5.0, ge=0)

    # Abuse limits.
    api_key_requests_per_minute: int = 120
    login_failures_per_account: int = 5
    login_failures_per_address: int = 30
    login_window_seconds: int = 15 * 60
    # API server processes (`drumbeat api --workers`); 0: one per CPU this process may use.
    api_workers: int = Field(default=1, ge=0)
    # Password hashes computed at once by one API process (each holds 64 MiB and a core while
    # it runs): the default shares four (at most one per CPU) among the API's processes.
    password_hash_concurrency: int = Field(
        default_factory=lambda data: _hashes_per_process(data.get("api_workers", 1)), ge=1
    )
    reminder_emails_per_network_per_day: int = 500
    # Accounts: how long invitation and password-reset links stay valid, and how often one
    # address (or one caller) may ask for a reset link.
    invitation_ttl_days: int = Field(default=14, ge=1)
    password_reset_ttl_minutes: int = Field(default=60, ge=5)
    password_resets_per_account_per_hour: int = Field(default=3, ge=1)
    password_resets_per_address_per_hour: int = Field(default=20, ge=1)
    webhook_tests_per_network_per_day: int = 50

    # Email: "file" writes .eml files under outbox_dir; "smtp" sends through smtp_host.
    email_backend: Literal["file", "smtp"] = "file"
    outbox_dir: Path = VAR_DIR / "outbox"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = "Drumbeat <drumbeat@localhost>"
    smtp_timeout_seconds: float = 20.0

    # OpenID Connect single sign-on: on only when issuer, client id and secret are all set.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    # Addresses on these domains get an account on their first SSO sign-in.
    oidc_allowed_domains: list[str] = Field(default_factory=list)
    # What the sign-in button says; empty: the issuer's host.
    oidc_display_name: str = ""

    # Observability.
    log_format: Literal["json", "text"] = "json"
    log_level: str = "INFO"
    otel_endpoint: str = Field(
        default="", description="OTLP/HTTP collector, e.g. http://otel:4318; empty: no tracing."
    )
    worker_metrics_port: int | None = None

    # Worker.
    detect_interval_seconds: float = 60.0
    # Incremental detection re-reads rows changed this long before the previous pass began
    # (clock skew between hosts, transactions still open when it read).
    detect_overlap_seconds: float = Field(default=300.0, ge=0)
    # Every network's incremental passes are checked by a full pass this often; 0: never.
    detect_reconcile_hours: float = Field(default=24.0, ge=0)
    # Series whose recurrence expansion a worker keeps in memory.
    detect_series_cache_size: int = Field(default=10_000, ge=0)
    worker_poll_seconds: float = 5.0
    worker_lease_seconds: int = 120
    worker_batch_size: int = 100

    # Webhooks: true lets endpoints use http:// and loopback or private addresses, for local
    # development and tests only; production refuses them to keep the worker off the LAN.
    webhooks_allow_private: bool = False


def available_cpus() -> int:
    """The CPUs this process may run on: its affinity, capped by a cgroup v2 CPU quota (a
    container's CPU limit), so a pod limited to 2 CPUs on a 64-core node counts 2."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = cpus or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return count
    if quota == "max":
        return count
    return max(1, min(count, math.ceil(int(quota) / int(period))))


def api_processes(workers: int) -> int:
    """``api_workers`` as a number of processes: 0 is one per available CPU."""
    return workers or available_cpus()


def _hashes_per_process(workers: Any) -> int:
    return max(1, min(4, available_cpus()) // api_processes(int(workers)))


@lru_cache
def get_settings() -> Settings:
    return Settings()
