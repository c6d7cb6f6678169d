"""The audit trail's queries."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, and_, exists, not_, or_, select
from sqlalchemy.orm import aliased

from services.core.audit.models import AuditEvent
from services.core.audit.schemas import AuditFilters
from services.core.reflections import repository as reflections
from services.core.reflections.models import Reflection


def _reflection_readable(
    reader: uuid.UUID | None, reader_is_coordinator: bool
) -> ColumnElement[bool]:
    """An event of a reflection is shown to whoever may read the reflection *now*.

    The current rule, not the one when the event was written: an author who makes a note
    private takes its whole history out of sight (every earlier body is in the trail), and one
    who shares it has shared what it said before. A deleted reflection has no current rule;
    its deletion event holds the visibility and author it had last, which is the rule it was
    deleted under. A reflection gone without such an event (none is known: deleted by no
    actor) stays hidden, since nothing says who may read it.
    """
    current = exists().where(
        Reflection.id == AuditEvent.entity_id,
        reflections.readable_by(
            Reflection.visibility,
            reflections.own(Reflection.author_id, reader),
            reader_is_coordinator,
        ),
    )
    deletion = aliased(AuditEvent)
    last = exists().where(
        deletion.network_id == AuditEvent.network_id,
        deletion.entity == "reflection",
        deletion.entity_id == AuditEvent.entity_id,
        deletion.action == "delete",
        reflections.readable_by(
            deletion.changes["visibility"].as_string(),
            # The snapshot holds ids as text.
            reflections.own(
                deletion.changes["author_id"].as_string(), str(reader) if reader else None
            ),
            reader_is_coordinator,
        ),
    )
    gone = not_(exists().where(Reflection.id == AuditEvent.entity_id))
    return or_(current, and_(gone, last))


def listing(
    network_id: uuid.UUID,
    filters: AuditFilters,
    reader: uuid.UUID | None,
    reader_is_coordinator: bool,
) -> Select[AuditEvent]:
    # Filtered in SQL, not after the query, so a page never shrinks and its cursor never
    # points past rows the reader may not see.
    stmt = select(AuditEvent).where(
        AuditEvent.network_id == network_id,
        or_(
            AuditEvent.entity != "reflection",
            _reflection_readable(reader, reader_is_coordinator),
        ),
    )
    if filters.entity:
        stmt = stmt.where(AuditEvent.entity == filters.entity)
    if filters.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.actor_id:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor_id)
    return stmt
