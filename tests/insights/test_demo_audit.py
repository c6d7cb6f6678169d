"""The demo's audit log reads like a network's: a coordinator entered the records, and each
reflection is its author's."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.audit.models import AuditEvent
from services.core.db.engine import create_sessionmaker
from services.core.demo import STORY, load_demo
from services.core.networks import repository as networks
from services.core.settings import Settings
from services.core.users.models import User


async def test_the_demo_audit_log_names_who_entered_what(
    clean_engine: AsyncEngine, settings: Settings
) -> None:
    assert await load_demo(settings)
    async with create_sessionmaker(clean_engine)() as session:
        network = await networks.by_slug(session, "gff-csc")
        assert network is not None
        rows = (
            await session.execute(
                select(AuditEvent.entity, AuditEvent.action, User.email)
                .join(User, User.id == AuditEvent.actor_id)
                .where(AuditEvent.network_id == network.id)
            )
        ).all()
    by_entity = Counter((entity, action) for entity, action, _ in rows)
    assert by_entity[("activity", "create")] > 5
    assert by_entity[("organisation", "create")] > 3
    assert by_entity[("follow_up", "create")] > 0
    (story,) = [n for n in STORY["networks"] if n["slug"] == "gff-csc"]
    coordinators = {m["email"] for m in story["members"] if m["role"] == "coordinator"}
    written = {r["author"] for a in story["activities"] for r in a.get("reflections", [])}
    enterers = {email for entity, _, email in rows if entity == "activity"}
    assert len(enterers) == 1 and enterers <= coordinators, "a coordinator entered them"
    assert {email for entity, _, email in rows if entity == "reflection"} == written
