"""Which reminders a newly opened finding gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.db.types import uuid7
from services.core.findings.models import Finding, NewFinding
from services.core.networks.models import Network
from services.core.reminders import repository as repo


def log_entry(at: dt.datetime, outcome: str, detail: str = "") -> dict[str, str]:
    entry = {"at": at.isoformat(), "outcome": outcome}
    if detail:
        entry["detail"] = detail
    return entry


async def schedule(
    session: AsyncSession, network: Network, findings: Sequence[Finding | NewFinding]
) -> int:
    """One reminder per recipient per step of the network's schedule, for each finding.

    Recipients are the responsible person and the network's coordinators. A condition that
    arose before the network's reminders_since is recorded with one skipped reminder per
    recipient (the first step's), so a network that starts using Drumbeat is not flooded
    about its whole past, and its first detection pass, which opens a finding for much of
    that past, writes a row per recipient instead of one per step as well.
    """
    if not findings:
        return 0
    responsible = await repo.responsible_users(session, findings)
    coordinators = await repo.coordinators(session, network.id)
    wanted = {uid for uid in responsible.values() if uid} | set(coordinators)
    users = {user.id: user for user in await repo.active_users(session, list(wanted))}
    steps = sorted(set(network.reminder_schedule_days))
    rows: list[dict[str, Any]] = []
    for finding in findings:
        first = responsible[finding.id]
        chosen = [users[uid] for uid in dict.fromkeys([first, *coordinators]) if uid in users]
        retroactive = finding.arose_at < network.reminders_since
        reason = (
            "the condition arose before the network's reminders_since "
            f"({network.reminders_since:%Y-%m-%d})"
        )
        for step in steps[:1] if retroactive else steps:
            for user in chosen:
                rows.append(
                    {
                        "id": uuid7(),
                        "finding_id": finding.id,
                        "network_id": network.id,
                        "channel": "email",
                        "recipient_user_id": user.id,
                        "recipient_email": user.email,
                        "step": step,
                        "due_at": finding.opened_at + dt.timedelta(days=step),
                        "status": "skipped" if retroactive else "pending",
                        "attempts": 0,
                        "skip_reason": reason if retroactive else None,
                        "last_error": None,
                        "sent_at": None,
                        "message_id": None,
                        "log": [
                            log_entry(finding.opened_at, "skipped", reason)
                            if retroactive
                            else log_entry(finding.opened_at, "scheduled")
                        ],
                        "lease_owner": None,
                        "lease_expires_at": None,
                        "created_at": finding.opened_at,
                        "updated_at": finding.opened_at,
                    }
                )
    await repo.insert_reminders(session, rows)
    return len(rows)
