"""Deletes and moves that incremental detection cannot read from ``updated_at``.

Deleting a follow-up leaves its activity untouched, yet the activity may now lack a live
follow-up; deleting an activity, or moving it out of a series, leaves the series untouched,
yet the series lost a held activity. Each such change, made through the ORM like every write
in the services, leaves a ``DetectionTouch`` in the same transaction, which the next pass
reads like a changed row. (What the foreign keys do on a delete needs none: a finding whose
subject is deleted has that column set to null, and the pass asks for those.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from services.core.activities.models import Activity
from services.core.findings.models import DetectionTouch
from services.core.followups.models import FollowUp


def _touches(session: Session) -> list[DetectionTouch]:
    touches: list[DetectionTouch] = []
    for row in session.deleted:
        if isinstance(row, FollowUp):
            touches.append(DetectionTouch(network_id=row.network_id, activity_id=row.activity_id))
        elif isinstance(row, Activity) and row.series_id is not None:
            touches.append(DetectionTouch(network_id=row.network_id, series_id=row.series_id))
    for row in session.dirty:
        if isinstance(row, Activity):
            history = inspect(row).attrs.series_id.history
            touches += [
                DetectionTouch(network_id=row.network_id, series_id=series_id)
                for series_id in history.deleted
                if series_id is not None
            ]
    return touches


@event.listens_for(Session, "before_flush")
def _leave_touches(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    session.add_all(_touches(session))
