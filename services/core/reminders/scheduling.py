"""Which reminders a newly opened finding gets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.findings.models import Finding
from services.core.networks.models import Network
from services.core.reminders import repository as repo
from services.core.reminders.models import Reminder


def log_entry(at: dt.datetime, outcome: str, detail: str = "") -> dict[str, str]:
    entry = {"at": at.isoformat(), "outcome": outcome}
    if detail:
        entry["detail"] = detail
    return entry


async def schedule(session: AsyncSession, network: Network, finding: Finding) -> list[Reminder]:
    """One reminder per recipient per step of the network's schedule.

    Recipients are the responsible person and the network's coordinators. A condition that
    arose before the network's reminders_since is recorded with every reminder skipped, so a
    network that starts using Drumbeat is not flooded about its whole past.
    """
    responsible = await repo.responsible_user(session, finding)
    wanted = [responsible] if responsible else []
    wanted += await repo.coordinators(session, network.id)
    recipients = await repo.active_users(session, list(dict.fromkeys(wanted)))
    retroactive = finding.arose_at < network.reminders_since
    reminders = []
    for step in sorted(set(network.reminder_schedule_days)):
        for user in recipients:
            reminder = Reminder(
                finding_id=finding.id,
                network_id=network.id,
                channel="email",
                recipient_user_id=user.id,
                recipient_email=user.email,
                step=step,
                due_at=finding.opened_at + dt.timedelta(days=step),
                status="pending",
                log=[log_entry(finding.opened_at, "scheduled")],
            )
            if retroactive:
                reason = (
                    "the condition arose before the network's reminders_since "
                    f"({network.reminders_since:%Y-%m-%d})"
                )
                reminder.status = "skipped"
                reminder.skip_reason = reason
                reminder.log = [log_entry(finding.opened_at, "skipped", reason)]
            reminders.append(reminder)
    session.add_all(reminders)
    return reminders
