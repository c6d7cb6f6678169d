"""Findings as people see them: listed, inspected with their reminders, acknowledged."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.authz import Principal, Role
from services.core.common.concurrency import Shown, check_if_match
from services.core.common.errors import Conflict, ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.db.types import utcnow
from services.core.findings import repository as repo
from services.core.findings.models import Finding
from services.core.findings.schemas import (
    FindingDetail,
    FindingFilters,
    FindingRead,
    FindingUpdate,
    ReminderRead,
)
from services.core.reminders import repository as reminders_repo


async def get(
    session: AsyncSession, principal: Principal, finding_id: uuid.UUID, least: Role = Role.viewer
) -> Finding:
    finding = await repo.by_id(session, finding_id)
    return principal.require_found(finding, least, "finding")


async def _reads(session: AsyncSession, findings: Sequence[Finding]) -> list[FindingRead]:
    """The findings with the titles of what they are about (three queries, not one a row)."""
    activities, series, follow_ups = await repo.titles(session, findings)
    return [
        FindingRead.model_validate(finding).model_copy(
            update={
                "subject_title": activities.get(finding.activity_id)
                if finding.activity_id
                else series.get(finding.series_id)
                if finding.series_id
                else None,
                "follow_up_title": follow_ups.get(finding.follow_up_id)
                if finding.follow_up_id
                else None,
            }
        )
        for finding in findings
    ]


async def _detail(session: AsyncSession, finding: Finding) -> Shown[FindingDetail]:
    """The finding with its reminders, and the version its ETag carries."""
    reminders = await reminders_repo.for_finding(session, finding.id)
    (read,) = await _reads(session, [finding])
    item = FindingDetail(
        **read.model_dump(),
        reminders=[ReminderRead.model_validate(r) for r in reminders],
    )
    return Shown(item, finding.version)


async def show(
    session: AsyncSession, principal: Principal, finding_id: uuid.UUID
) -> Shown[FindingDetail]:
    """A finding with its reminders and their delivery log, as the API shows it."""
    return await _detail(session, await get(session, principal, finding_id))


async def list_findings(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    filters: FindingFilters,
) -> Page[FindingRead]:
    principal.require(network_id, Role.viewer, "network")
    page = await paginate(
        session,
        repo.listing(network_id, filters, utcnow()),
        [Finding.opened_at, Finding.id],
        limit=filters.limit,
        cursor=filters.cursor,
        descending=True,
    )
    return page.with_items(await _reads(session, page.items))


async def update(
    session: AsyncSession,
    principal: Principal,
    finding_id: uuid.UUID,
    data: FindingUpdate,
    if_match: str | None,
) -> Shown[FindingDetail]:
    """Acknowledge (optionally snoozed), dismiss with a reason, or re-open (coordinators)."""
    finding = await get(session, principal, finding_id, Role.coordinator)
    await check_if_match(session, finding, if_match)
    if finding.status == "resolved":
        raise Conflict("The finding is resolved already; nothing to acknowledge.")
    if data.status == "dismissed" and not data.dismissed_reason:
        raise ValidationFailed(
            "/dismissed_reason", "say why the finding is dismissed", "reason_required"
        )
    if data.status != "dismissed" and data.dismissed_reason is not None:
        raise ValidationFailed(
            "/dismissed_reason", "a reason only goes with status dismissed", "reason_not_allowed"
        )
    if data.snoozed_until is not None:
        if data.status != "acknowledged":
            raise ValidationFailed(
                "/snoozed_until",
                "snoozing only goes with acknowledged",
                "snooze_needs_acknowledged",
            )
        if data.snoozed_until <= utcnow():
            raise ValidationFailed(
                "/snoozed_until", "snoozed_until must be in the future", "not_in_future"
            )
    finding.status = data.status
    finding.snoozed_until = data.snoozed_until
    finding.dismissed_reason = data.dismissed_reason
    await session.flush()
    return await _detail(session, finding)
