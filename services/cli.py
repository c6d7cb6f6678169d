"""The ``drumbeat`` command: api, worker, migrate, create-user, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from services.core.observability import logs
from services.core.settings import REPO_ROOT, api_processes, get_settings

log = logging.getLogger("drumbeat")


def migrate(database_url: str | None = None) -> None:
    """Bring the schema to the newest migration (the only way the schema is made)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = database_url or get_settings().database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def _cmd_migrate(_: argparse.Namespace) -> int:
    migrate()
    print("Database is at the newest schema.")
    return 0


def _cmd_api(args: argparse.Namespace) -> int:
    workers = api_processes(get_settings().api_workers if args.workers is None else args.workers)
    # The processes uvicorn starts read their settings afresh: tell them how many they are
    # (each takes its share of the password hashes, see Settings.password_hash_concurrency).
    os.environ["DRUMBEAT_API_WORKERS"] = str(workers)
    with contextlib.ExitStack() as stack:
        if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # The processes write their metrics here and any of them answers /metrics for
            # all. Fresh each start: an earlier run's counts must not add up with these.
            metrics_dir = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="metrics-", dir=REPO_ROOT / "var")
            )
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        _serve(args, workers)
    return 0


def _serve(args: argparse.Namespace, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "services.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        # One process serves one request's Python at a time; more use more cores. Each is
        # a replica of its own: its own pool, rate-limit counts and caller cache.
        workers=workers,
        # The supervisor restarts a process that does not answer its ping in time; 5 s (the
        # default) killed healthy processes still importing on a busy 2-core machine.
        timeout_worker_healthcheck=30,
        proxy_headers=True,
        log_level="info",
        # Our JSON logging stays in charge, and requests are logged once, with their id.
        log_config=None,
        access_log=False,
    )


def _workers(value: str) -> int:
    try:
        workers = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value}") from exc
    if workers < 0:
        raise argparse.ArgumentTypeError("--workers is 0 (one per CPU) or more")
    return workers


def _parse_now(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an RFC 3339 date-time: {value}") from exc
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            "--now needs a time zone offset, e.g. 2026-03-01T09:00:00Z"
        )
    return parsed.astimezone(dt.UTC)


def _cmd_worker(args: argparse.Namespace) -> int:
    from services.worker.runner import run

    summary = asyncio.run(run(get_settings(), once=args.once, now=args.now))
    if summary is not None:
        d, r = summary.detection, summary.reminders
        print(
            f"Detection: {d.networks} networks, {d.opened} findings opened, {d.resolved} resolved."
        )
        print(
            f"Reminders: {r.sent} sent in {r.messages} emails, {r.skipped} skipped, "
            f"{r.failed} failed, {r.retried} to retry."
        )
        a = summary.account_emails
        print(
            "Invitation, password-reset and assignment emails: "
            f"{a.get('sent', 0)} sent, {a.get('retried', 0)} to retry, "
            f"{a.get('failed', 0)} given up, {a.get('dropped', 0)} no longer needed."
        )
        w = summary.webhooks
        print(
            f"Webhooks: {w.get('succeeded', 0)} delivered, {w.get('failed', 0)} to retry, "
            f"{w.get('dead', 0)} given up."
        )
        if d.failed_networks:
            print(f"Detection failed for {d.failed_networks} networks; see the log.")
        if summary.failed_stages:
            # For cron: a stage that failed as a whole is an error; a failed item is not.
            print(f"Failed: {', '.join(summary.failed_stages)}; see the log.")
            return 1
    return 0


def _cmd_create_user(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from services.core.common.errors import DomainError
    from services.core.common.security import Passwords
    from services.core.db.engine import create_engine, create_sessionmaker
    from services.core.users import service as users
    from services.core.users.schemas import UserCreate

    try:
        data = UserCreate(
            email=args.email, password=args.password, name=args.name, is_admin=args.admin
        )
    except ValidationError as exc:
        for error in exc.errors():
            print(f"{'.'.join(map(str, error['loc']))}: {error['msg']}", file=sys.stderr)
        return 2

    async def run() -> None:
        settings = get_settings()
        engine = create_engine(settings)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                await users.create_user(
                    session, data, Passwords(settings.password_hash_concurrency)
                )
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except DomainError as exc:
        print(exc.detail, file=sys.stderr)
        return 1
    print(f"Created {'admin ' if args.admin else ''}user {data.email}.")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from services.core.demo import load_demo

    created = asyncio.run(load_demo(get_settings(), only_if_empty=args.if_empty))
    if created:
        print("Demo data loaded.")
    else:
        print("Demo data already present; nothing changed.")
    from services.core.demo import DEMO_LOGINS

    print("Demo logins (password for all: drumbeat-demo):")
    for email, what in DEMO_LOGINS:
        print(f"  {email:32} {what}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drumbeat", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    api = sub.add_parser("api", help="serve the HTTP API")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8000)
    api.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help="server processes; 0: one per CPU (default: DRUMBEAT_API_WORKERS, else 1)",
    )
    api.set_defaults(func=_cmd_api)

    worker = sub.add_parser("worker", help="run detection and deliver reminders and webhooks")
    worker.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    worker.add_argument(
        "--now", type=_parse_now, default=None, help="with --once: pretend it is this RFC 3339 time"
    )
    worker.set_defaults(func=_cmd_worker)

    sub.add_parser("migrate", help="upgrade the database schema").set_defaults(func=_cmd_migrate)

    user = sub.add_parser("create-user", help="create a user")
    user.add_argument("--email", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--name", default="")
    user.add_argument("--admin", action="store_true", help="make a site administrator")
    user.set_defaults(func=_cmd_create_user)

    demo = sub.add_parser("demo", help="load the demo data set")
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing when any network exists already"
    )
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_settings()
    logs.configure(settings.log_format, settings.log_level)
    args = build_parser().parse_args(argv)
    Path(REPO_ROOT / "var").mkdir(exist_ok=True)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
