"""Findings over the API: list, inspect, acknowledge, dismiss; roles and tenancy."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core.findings.models import Finding
from tests.support import API, World, problem_pointers
from tests.worker.helpers import T0, Clock, create_activity, create_follow_up

LATER = T0 + dt.timedelta(days=40)


async def _two_findings(world: World, clock: Clock) -> Finding:
    """A missing follow-up and an overdue one, opened by a pass; the missing one is returned."""
    activity = await create_activity(world)
    await create_follow_up(world, activity["id"], due_on="2026-01-20", status="dropped")
    other = await create_activity(world, title="Workshop")
    await create_follow_up(world, other["id"], due_on="2026-01-25")
    await clock.detect(LATER)
    [missing] = await clock.findings(kind="missing_follow_up")
    return missing


async def test_list_filters_by_kind_and_status(world: World, clock: Clock) -> None:
    await _two_findings(world, clock)
    network = world.networks["A"].id
    async with world.client("viewer") as client:
        everything = (await client.get(f"{API}/networks/{network}/findings")).json()
        missing = (
            await client.get(
                f"{API}/networks/{network}/findings", params={"kind": "missing_follow_up"}
            )
        ).json()
        resolved = (
            await client.get(f"{API}/networks/{network}/findings", params={"status": "resolved"})
        ).json()
    assert sorted(f["kind"] for f in everything["items"]) == [
        "missing_follow_up",
        "overdue_follow_up",
    ]
    assert [f["kind"] for f in missing["items"]] == ["missing_follow_up"]
    assert resolved["items"] == []


async def test_list_filters_by_activity_and_pages_through_its_findings(
    world: World, clock: Clock
) -> None:
    # The visit's missing follow-up is resolved once one is planned, which later goes overdue:
    # two findings about the visit, one of them through its follow-up.
    visit = await create_activity(world)
    await clock.detect(LATER)
    planned = await create_follow_up(world, visit["id"], due_on="2026-02-25")
    await clock.detect(LATER + dt.timedelta(days=10))
    await create_activity(world, title="Workshop")
    await clock.detect(LATER + dt.timedelta(days=11))
    elsewhere = await create_activity(world, who="outsider", network="B", title="Dialogue")
    await clock.detect(LATER + dt.timedelta(days=12))
    url = f"{API}/networks/{world.networks['A'].id}/findings"
    async with world.client("viewer") as client:
        first = (await client.get(url, params={"activity_id": visit["id"], "limit": 1})).json()
        second = (
            await client.get(
                url, params={"activity_id": visit["id"], "limit": 1, "cursor": first["next_cursor"]}
            )
        ).json()
        everything = (await client.get(url)).json()
        other_network = (await client.get(url, params={"activity_id": elsewhere["id"]})).json()
    pages = first["items"] + second["items"]
    assert [(f["kind"], f["status"]) for f in pages] == [
        ("overdue_follow_up", "open"),
        ("missing_follow_up", "resolved"),
    ]
    assert {f["activity_id"] for f in pages} == {visit["id"]}
    assert pages[0]["follow_up_id"] == planned["id"]
    assert second["next_cursor"] is None
    assert len(everything["items"]) == 3
    assert other_network == {"items": [], "next_cursor": None}


async def test_coordinator_acknowledges_dismisses_and_reopens(world: World, clock: Clock) -> None:
    finding = await _two_findings(world, clock)
    async with world.client("coord") as client:
        got = await client.get(f"{API}/findings/{finding.id}")
        etag = got.headers["etag"]
        ack = await client.patch(
            f"{API}/findings/{finding.id}",
            json={"status": "acknowledged"},
            headers={"If-Match": etag},
        )
        assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
        stale = await client.patch(
            f"{API}/findings/{finding.id}", json={"status": "open"}, headers={"If-Match": etag}
        )
        assert stale.status_code == 412
        no_reason = await client.patch(f"{API}/findings/{finding.id}", json={"status": "dismissed"})
        assert no_reason.status_code == 422
        assert problem_pointers(no_reason) == ["/dismissed_reason"]
        dismissed = await client.patch(
            f"{API}/findings/{finding.id}",
            json={"status": "dismissed", "dismissed_reason": "The visit was a one-off by design."},
        )
        assert dismissed.json()["dismissed_reason"] == "The visit was a one-off by design."
        reopened = await client.patch(f"{API}/findings/{finding.id}", json={"status": "open"})
        assert reopened.json()["status"] == "open" and reopened.json()["dismissed_reason"] is None


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        # A snooze must be in the future, and only with acknowledged.
        pytest.param(
            {"status": "acknowledged", "snoozed_until": "2000-01-01T00:00:00Z"},
            "/snoozed_until",
            id="snoozed-into-the-past",
        ),
        pytest.param(
            {"status": "open", "snoozed_until": "2099-01-01T00:00:00Z"},
            "/snoozed_until",
            id="snoozed-but-open",
        ),
        # Only a pass resolves; other fields are not a finding's to change.
        pytest.param({"status": "resolved"}, "/status", id="resolved-by-hand"),
        pytest.param({"status": "open", "network_id": "x"}, "/network_id", id="unknown-field"),
    ],
)
async def test_a_refused_change_names_its_field(
    world: World, clock: Clock, change: dict[str, str], pointer: str
) -> None:
    finding = await _two_findings(world, clock)
    async with world.client("coord") as client:
        refused = await client.patch(f"{API}/findings/{finding.id}", json=change)
    assert refused.status_code == 422 and problem_pointers(refused) == [pointer]


async def test_a_dismissed_finding_stays_dismissed_while_its_condition_holds(
    world: World, clock: Clock
) -> None:
    finding = await _two_findings(world, clock)
    async with world.client("coord") as client:
        await client.patch(
            f"{API}/findings/{finding.id}",
            json={"status": "dismissed", "dismissed_reason": "known"},
        )
    stats = await clock.detect(LATER + dt.timedelta(hours=1))
    assert (stats.opened, stats.resolved) == (0, 0)


async def test_members_cannot_change_findings_and_outsiders_cannot_see_them(
    world: World, clock: Clock
) -> None:
    finding = await _two_findings(world, clock)
    async with world.client("member") as client:
        forbidden = await client.patch(
            f"{API}/findings/{finding.id}", json={"status": "acknowledged"}
        )
    async with world.client("outsider") as client:
        hidden = await client.get(f"{API}/findings/{finding.id}")
        listing = await client.get(f"{API}/networks/{world.networks['A'].id}/findings")
    assert forbidden.status_code == 403
    assert hidden.status_code == 404 and listing.status_code == 404


async def test_list_searches_by_title_names_subjects_and_filters_snoozed(
    world: World, clock: Clock
) -> None:
    await _two_findings(world, clock)
    url = f"{API}/networks/{world.networks['A'].id}/findings"
    async with world.client("coord") as coord:
        found = (await coord.get(url, params={"q": "WORK"})).json()["items"]
        assert [(f["kind"], f["subject_title"]) for f in found] == [
            ("overdue_follow_up", "Workshop")
        ]
        assert found[0]["follow_up_title"]
        assert (await coord.get(url, params={"q": "%"})).json()["items"] == []
        snoozed = await coord.patch(
            f"{API}/findings/{found[0]['id']}",
            json={"status": "acknowledged", "snoozed_until": "2099-01-01T00:00:00Z"},
        )
        assert snoozed.status_code == 200, snoozed.text
        other = next(f for f in (await coord.get(url)).json()["items"] if f["id"] != found[0]["id"])
        await coord.patch(f"{API}/findings/{other['id']}", json={"status": "acknowledged"})
        only_snoozed = (await coord.get(url, params={"status": "snoozed"})).json()["items"]
        acknowledged = (await coord.get(url, params={"status": "acknowledged"})).json()["items"]
    assert [f["id"] for f in only_snoozed] == [found[0]["id"]]
    assert len(acknowledged) == 2
