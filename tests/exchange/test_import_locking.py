"""A CSV import checks its rows without the write lock and writes them in one short transaction.

On SQLite the write lock is the whole database's: an import that held it while checking
thousands of rows made every other writer wait and fail. (How long it is held is measured by
bench/import_lock.py; these tests pin down the structure.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.db.engine import WRITE_OPTION, create_sessionmaker
from services.core.settings import Settings
from services.core.webhooks.models import WebhookEvent
from tests.builders import make_webhook
from tests.exchange.helpers import activity, org
from tests.exchange.test_csv_import import count_activities, import_csv
from tests.support import API, World, write_lock_held


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    return create_app(settings.model_copy(update={"database_busy_timeout_ms": 100}))


def csv_of(rows: int, facilitator: str, original: str) -> str:
    """Rows that use every kind of reference: an organisation, an activity in the database,
    and (every other row) the row before it in the file."""
    lines = ["id,title,kind,starts_at,ends_at,facilitators,cascade_of"]
    for number in range(rows):
        parent = f"r{number - 1}" if number % 2 else original
        lines.append(
            f"r{number},Visit {number},training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,"
            f"{facilitator},{parent}"
        )
    return "\r\n".join(lines)


@pytest.mark.usefixtures("sqlite_only")
async def test_checking_a_file_needs_no_write_lock(world: World, database_url: str) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        await org(client, network, "Wemos")
        original = (await activity(client, network))["id"]
        text = csv_of(40, "Wemos", original)
        with write_lock_held(database_url):
            checked = await import_csv(client, network, text, dry_run="true")
            refused = await import_csv(client, network, text)
        assert checked.status_code == 200, checked.text
        assert checked.json()["created"] == 40
        assert refused.status_code == 503, refused.text
        assert "retry-after" in refused.headers
        assert await count_activities(world, network) == 1
        imported = await import_csv(client, network, text)
    assert imported.status_code == 201, imported.text
    assert await count_activities(world, network) == 41


@contextmanager
def statements_in_write_transactions(world: World) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, False):
            seen.append(statement)

    engine = world.app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_the_write_transaction_does_not_grow_with_the_file(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("member") as client:
        await org(client, network, "Wemos")
        original = (await activity(client, network))["id"]
        counts = []
        for rows in (10, 100):
            with statements_in_write_transactions(world) as statements:
                response = await import_csv(client, network, csv_of(rows, "Wemos", original))
            assert response.status_code == 201, response.text
            counts.append(len(statements))
    # Every check happens before: the write transaction only inserts, a statement per table.
    assert counts[0] == counts[1], counts
    assert await count_activities(world, network) == 111
    assert uuid.UUID(response.json()["activities"][1]["id"])


@pytest.mark.usefixtures("offline_resolver")
async def test_every_imported_activity_is_announced_as_a_post_would_be(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        await make_webhook(
            client, network, "https://hooks.example.org/in", event_types=["activity.created"]
        )
        await org(client, network, "Wemos")
        original = (await activity(client, network))["id"]
        response = await import_csv(client, network, csv_of(4, "Wemos", original))
    assert response.status_code == 201, response.text
    async with create_sessionmaker(world.engine)() as session:
        payloads = (await session.scalars(select(WebhookEvent.payload))).all()
    announced = {p["data"]["id"]: p["data"] for p in payloads}
    for row in response.json()["activities"]:
        data = announced[row["id"]]
        assert data["title"] == row["title"]
        assert len(data["facilitator_ids"]) == 1
    assert len(announced) == 5  # the activity posted, and the four imported


async def test_the_answer_lists_rows_in_file_order_though_originals_are_written_first(
    world: World,
) -> None:
    network = world.networks["A"].id
    text = "\r\n".join(
        [
            "id,title,kind,starts_at,ends_at,cascade_of",
            "c,Cascade,training,2026-01-11T08:00:00Z,2026-01-11T09:00:00Z,o",
            "o,Original,training,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,",
        ]
    )
    async with world.client("member") as client:
        for dry_run in ("true", "false"):
            response = await import_csv(client, network, text, dry_run=dry_run)
            assert response.status_code in (200, 201), response.text
            rows = response.json()["activities"]
            assert [(r["row"], r["title"]) for r in rows] == [(2, "Cascade"), (3, "Original")]
        cascade = await client.get(f"{API}/activities/{rows[0]['id']}")
    assert cascade.json()["cascade_of"] == rows[1]["id"]
