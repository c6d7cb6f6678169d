"""The worker's stage that sends queued invitation, password-reset and assignment emails.

Each email is claimed under a lease, composed and handed to the mail backend, and its outcome
recorded on its own row: one address the mail server refuses is retried with back-off and
never holds up the others. Once an email is sent (or gives up), its link is erased.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from email.message import EmailMessage

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.accountmail import repository as repo
from services.core.accountmail.emails import compose
from services.core.accountmail.models import AccountEmail
from services.core.common.mail import MailError, send_message
from services.core.db import leases
from services.core.db.engine import unit_of_work
from services.core.followups import notice
from services.core.observability import metrics
from services.core.settings import Settings
from services.core.users import account

log = logging.getLogger("drumbeat.worker.account_emails")

MAX_ATTEMPTS = 8
MAX_LOG = 20
MAX_ERROR = 500


def backoff(attempts: int) -> dt.timedelta:
    # Someone is waiting for this email: retry soon at first, then less often.
    return dt.timedelta(seconds=min(30 * 2**attempts, 3600))


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime,
    owner: str,
    limit: int | None = None,
) -> Counter[str]:
    counts: Counter[str] = Counter()
    lease = dt.timedelta(seconds=settings.worker_lease_seconds)
    async with unit_of_work(sessionmaker) as session:
        claimed = await repo.claim_due(
            session, owner=owner, now=now, lease=lease, limit=limit or settings.worker_batch_size
        )
        session.expunge_all()
    counts["claimed"] = len(claimed)
    for email in claimed:
        try:
            if email.kind == "follow_up_assigned":
                message = await _notice(sessionmaker, email, owner, settings, now)
                if message is None:
                    counts["dropped"] += 1
                    continue
            else:
                link = email.link
                if email.kind == "password_reset":
                    link = await _reset_link(sessionmaker, email, owner, settings, now)
                    if link is None:
                        counts["no_account"] += 1
                        continue
                message = compose(
                    email_id=email.id,
                    kind=email.kind,
                    to=email.to_email,
                    to_name=email.to_name,
                    context=email.context,
                    link=link or "",
                    public_url=settings.public_url,
                    sender=settings.smtp_from,
                    now=now,
                    language=email.language,
                )
            await send_message(settings, message)
        except MailError as exc:
            log.warning("account email %s failed: %s", email.id, exc)
            counts[await _failed(sessionmaker, email, owner, now, str(exc))] += 1
            continue
        except Exception as exc:
            log.exception("account email %s failed unexpectedly", email.id)
            metrics.WORKER_FAILURES.labels("account_emails", "email").inc()
            error = f"unexpected {exc.__class__.__name__}: {exc}"
            counts[await _failed(sessionmaker, email, owner, now, error)] += 1
            continue
        async with unit_of_work(sessionmaker) as session:
            row = await repo.owned(session, email.id, owner)
            if row is not None:
                row.status, row.sent_at, row.link = "sent", now, None
                row.last_error = ""
                row.log = leases.append_log(row.log, _entry(now, "sent"), MAX_LOG)
                leases.end_attempt(row)
                counts["sent"] += 1
    if claimed:
        log.info("account emails: %s", dict(counts))
    return counts


async def _reset_link(
    sessionmaker: async_sessionmaker[AsyncSession],
    email: AccountEmail,
    owner: str,
    settings: Settings,
    now: dt.datetime,
) -> str | None:
    """Makes the reset link of a queued request (committed before the email goes, so that it
    works when it arrives); None, and the request closed, when no account has the address."""
    async with unit_of_work(sessionmaker) as session:
        row = await repo.owned(session, email.id, owner)
        if row is None:
            return None
        link = await account.prepare_reset(session, row, settings, now)
        if link is None:
            row.status = "cancelled"
            row.log = leases.append_log(row.log, _entry(now, "no_account"), MAX_LOG)
            leases.release(row)
            return None
        email.to_name, email.language, email.context = row.to_name, row.language, row.context
        return link


async def _notice(
    sessionmaker: async_sessionmaker[AsyncSession],
    email: AccountEmail,
    owner: str,
    settings: Settings,
    now: dt.datetime,
) -> EmailMessage | None:
    """Writes an assignment notice (its action link committed before it goes); None, and the
    row closed with the reason, when the follow-up is no longer the person's to do."""
    async with unit_of_work(sessionmaker) as session:
        row = await repo.owned(session, email.id, owner)
        if row is None:
            return None
        made = await notice.prepare(
            session, row, public_url=settings.public_url, sender=settings.smtp_from, now=now
        )
        if isinstance(made, str):
            row.status = "cancelled"
            row.log = leases.append_log(row.log, _entry(now, "dropped", made), MAX_LOG)
            leases.release(row)
            return None
        return made


def _entry(at: dt.datetime, outcome: str, detail: str = "") -> dict[str, str]:
    return {"at": at.isoformat(), "outcome": outcome, "detail": detail[:MAX_ERROR]}


async def _failed(
    sessionmaker: async_sessionmaker[AsyncSession],
    email: AccountEmail,
    owner: str,
    now: dt.datetime,
    error: str,
) -> str:
    async with unit_of_work(sessionmaker) as session:
        row = await repo.owned(session, email.id, owner)
        if row is None:
            return "lost_lease"
        row.last_error = error[:MAX_ERROR]
        if leases.end_attempt(row) >= MAX_ATTEMPTS:
            row.status, row.link = "failed", None
            row.log = leases.append_log(row.log, _entry(now, "failed", error), MAX_LOG)
            return "failed"
        row.next_attempt_at = now + backoff(row.attempts)
        row.log = leases.append_log(row.log, _entry(now, "retry", error), MAX_LOG)
        return "retried"
