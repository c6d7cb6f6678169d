"""The findings export reads on its own: what each finding is about, in which network, and
when it was due, with snoozed findings called snoozed as the web app calls them."""

from __future__ import annotations

import datetime as dt
import uuid

from services.core.db.engine import create_sessionmaker
from services.core.db.types import utcnow
from services.core.findings.models import Finding
from tests.builders import make_activity, make_follow_up, make_series
from tests.exchange.helpers import rows
from tests.support import API, World


async def test_findings_csv_names_its_subjects_and_due_dates(world: World) -> None:
    network = world.networks["A"]
    now = utcnow()
    async with world.client("coord") as client:
        activity = await make_activity(client, network.id, title="Budget tracking training")
        follow_up = await make_follow_up(
            client, activity["id"], title="Share the slides", due_on="2026-02-01"
        )
        series = await make_series(client, network.id, title="Monthly learning webinar")
    found = {
        "snoozed": Finding(
            kind="missing_follow_up",
            status="acknowledged",
            snoozed_until=now + dt.timedelta(days=7),
            activity_id=uuid.UUID(activity["id"]),
        ),
        "overdue": Finding(
            kind="overdue_follow_up",
            status="open",
            activity_id=uuid.UUID(activity["id"]),
            follow_up_id=uuid.UUID(follow_up["id"]),
            expected_on=dt.date(2026, 2, 1),
        ),
        "gap": Finding(
            kind="series_gap",
            status="acknowledged",
            snoozed_until=now - dt.timedelta(days=1),  # the snooze is over
            series_id=uuid.UUID(series["id"]),
            expected_on=dt.date(2026, 3, 5),
        ),
    }
    async with create_sessionmaker(world.engine)() as session, session.begin():
        for number, finding in enumerate(found.values()):
            finding.network_id = network.id
            finding.condition_key = f"test:{number}"
            finding.arose_at = now
            finding.opened_at = now + dt.timedelta(minutes=number)
            session.add(finding)
    async with world.client("viewer") as client:
        url = f"{API}/networks/{network.id}/findings.csv"
        everything = rows(await client.get(url))
        snoozed = rows(await client.get(url, params={"status": "snoozed"}))
    by_kind = {row["kind"]: row for row in everything}
    assert {row["network"] for row in everything} == {network.name}
    missing = by_kind["missing_follow_up"]
    assert (missing["status"], missing["subject_title"]) == ("snoozed", "Budget tracking training")
    overdue = by_kind["overdue_follow_up"]
    assert overdue["subject_title"] == "Budget tracking training"
    assert (overdue["follow_up_title"], overdue["follow_up_due_on"]) == (
        "Share the slides",
        "2026-02-01",
    )
    gap = by_kind["series_gap"]
    assert (gap["status"], gap["subject_title"], gap["expected_on"]) == (
        "acknowledged",
        "Monthly learning webinar",
        "2026-03-05",
    )
    assert [row["kind"] for row in snoozed] == ["missing_follow_up"]
