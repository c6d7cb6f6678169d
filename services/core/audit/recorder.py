"""Every create, update and delete made by a person or an API key, recorded as it is flushed.

The request names its actor on the session (``set_actor``); a ``before_flush`` hook then turns
the session's new, changed and deleted objects into audit events in the same transaction,
so a change and its record commit or roll back together. Secrets never enter the record.
Sessions without an actor (the worker, fixtures) are not audited.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from services.core.activities.models import Activity, ActivityOrganisation
from services.core.apikeys.models import ApiKey
from services.core.audit.models import AuditEvent
from services.core.db.types import utcnow, uuid7
from services.core.findings.models import Finding
from services.core.followups.models import FollowUp
from services.core.invitations.models import Invitation
from services.core.networks.models import Membership, Network
from services.core.organisations.models import Organisation
from services.core.reflections.models import Reflection
from services.core.series.models import Series
from services.core.users.models import User
from services.core.webhooks.models import WebhookEndpoint

ENTITIES: dict[type[Any], str] = {
    Network: "network",
    Membership: "membership",
    Organisation: "organisation",
    Activity: "activity",
    ActivityOrganisation: "activity_organisation",
    Series: "series",
    FollowUp: "follow_up",
    Reflection: "reflection",
    Finding: "finding",
    ApiKey: "api_key",
    WebhookEndpoint: "webhook",
    User: "user",
    Invitation: "invitation",
}
SECRETS = frozenset({"password_hash", "secret", "secret_hash", "token_hash", "csrf_token"})
NOISE = frozenset({"version", "created_at", "updated_at", "last_used_at"})
ACTOR_KEY = "drumbeat.audit.actor"


@dataclass(frozen=True)
class Actor:
    type: str  # "user" or "api_key"
    id: uuid.UUID | None
    label: str
    # How the change reached Drumbeat when not through the web app or the API: "reminder
    # email" for an emailed one-click action.
    via: str = ""


def set_actor(session: AsyncSession, actor: Actor) -> None:
    session.info[ACTOR_KEY] = actor


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _columns(obj: Any) -> list[str]:
    return [
        attr.key
        for attr in inspect(obj).mapper.column_attrs
        if attr.key not in SECRETS and attr.key not in NOISE
    ]


def _snapshot(obj: Any) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _changes(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before != after:
            changed[key] = {"before": _plain(before), "after": _plain(after)}
    for key in SECRETS:
        if key in state.attrs and state.attrs[key].history.has_changes():
            changed[key] = {"changed": True}  # that it changed, never the value
    return changed


def _network_of(session: Session, obj: Any, action: str) -> uuid.UUID | None:
    if isinstance(obj, Network):
        # A deleted network takes its audit trail with it; its own deletion is kept site-wide.
        return None if action == "delete" else obj.id
    if isinstance(obj, ActivityOrganisation):
        activity = session.identity_map.get(
            inspect(Activity).identity_key_from_primary_key((obj.activity_id,))
        )
        return activity.network_id if isinstance(activity, Activity) else None
    network_id = getattr(obj, "network_id", None)
    return network_id if isinstance(network_id, uuid.UUID) else None


def _entity_id(obj: Any) -> uuid.UUID:
    if isinstance(obj, ActivityOrganisation):
        return obj.activity_id
    if getattr(obj, "id", None) is None:
        # Ids are normally assigned during the flush; the record needs it now.
        obj.id = uuid7()
    entity_id: uuid.UUID = obj.id
    return entity_id


def _event(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    network_id: uuid.UUID | None,
    changes: dict[str, Any],
    at: dt.datetime,
) -> AuditEvent:
    """One audit row: every way of recording (flush hook, bulk insert, explicit event) writes
    the actor the same way."""
    return AuditEvent(
        id=uuid7(),
        network_id=network_id,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
        via=actor.via,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes=changes,
        at=at,
    )


def record_created(session: AsyncSession, objects: list[Any], network_id: uuid.UUID) -> None:
    """The create events of rows inserted past the unit of work (a Core bulk insert), which
    the flush hook never sees: ``objects`` are those rows as transient objects of the network.
    """
    actor = session.info.get(ACTOR_KEY)
    if not isinstance(actor, Actor):
        return
    now = utcnow()
    session.add_all(
        _event(
            actor, "create", ENTITIES[type(obj)], _entity_id(obj), network_id, _snapshot(obj), now
        )
        for obj in objects
    )


def record_event(
    session: AsyncSession,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    *,
    network_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """An event no row change shows by itself: a sign-in by single sign-on, a session ended,
    a password reset through an emailed link (made by someone not yet signed in)."""
    session.add(_event(actor, action, entity, entity_id, network_id, changes or {}, utcnow()))


@event.listens_for(Session, "before_flush")
def _record(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    actor = session.info.get(ACTOR_KEY)
    if not isinstance(actor, Actor):
        return
    now = utcnow()
    events: list[AuditEvent] = []
    for action, objects in (
        ("create", list(session.new)),
        ("update", list(session.dirty)),
        ("delete", list(session.deleted)),
    ):
        for obj in objects:
            entity = ENTITIES.get(type(obj))
            if entity is None:
                continue
            if action == "create":
                changes = _snapshot(obj)
            elif action == "update":
                if not session.is_modified(obj, include_collections=False):
                    continue
                changes = _changes(obj)
                if not changes:
                    continue
            else:
                changes = _snapshot(obj)
            network_id = _network_of(session, obj, action)
            events.append(_event(actor, action, entity, _entity_id(obj), network_id, changes, now))
    session.add_all(events)
