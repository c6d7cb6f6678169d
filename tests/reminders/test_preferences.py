"""Reminder-email preferences per person and network, and the coordinators' network switch."""

from __future__ import annotations

import uuid

from tests.builders import assert_problem
from tests.support import API, World


async def test_every_network_starts_immediate_and_a_choice_is_kept(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        first = (await member.get(f"{API}/auth/me/notifications")).json()
        assert first["items"] == [
            {
                "network_id": str(network.id),
                "network_name": network.name,
                "cadence": "immediate",
                "unsubscribed_at": None,
                "network_reminder_emails_enabled": True,
            }
        ]
        changed = await member.patch(
            f"{API}/auth/me/notifications",
            json={"items": [{"network_id": str(network.id), "cadence": "weekly"}]},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["items"][0]["cadence"] == "weekly"
        again = (await member.get(f"{API}/auth/me/notifications")).json()
        assert again["items"][0]["cadence"] == "weekly"


async def test_a_network_one_is_not_in_is_refused_with_a_pointer(world: World) -> None:
    async with world.client("member") as member:
        answer = await member.patch(
            f"{API}/auth/me/notifications",
            json={
                "items": [
                    {"network_id": str(world.networks["A"].id), "cadence": "daily"},
                    {"network_id": str(world.networks["B"].id), "cadence": "muted"},
                ]
            },
        )
        assert_problem(answer, 422)
        assert answer.json()["errors"][0]["pointer"] == "/items/1/network_id"
        # Nothing of a refused change is kept, not even its valid part.
        kept = (await member.get(f"{API}/auth/me/notifications")).json()
        assert kept["items"][0]["cadence"] == "immediate"


async def test_an_unknown_cadence_and_an_unknown_network_are_422(world: World) -> None:
    async with world.client("member") as member:
        wrong = await member.patch(
            f"{API}/auth/me/notifications",
            json={"items": [{"network_id": str(world.networks["A"].id), "cadence": "hourly"}]},
        )
        assert_problem(wrong, 422)
        ghost = await member.patch(
            f"{API}/auth/me/notifications",
            json={"items": [{"network_id": str(uuid.uuid4()), "cadence": "daily"}]},
        )
        assert_problem(ghost, 422)


async def test_only_coordinators_switch_off_a_networks_reminder_emails(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        refused = await member.patch(
            f"{API}/networks/{network.id}", json={"reminder_emails_enabled": False}
        )
        assert_problem(refused, 403)
    async with world.client("coord") as coord:
        answer = await coord.patch(
            f"{API}/networks/{network.id}", json={"reminder_emails_enabled": False}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["reminder_emails_enabled"] is False
    async with world.client("member") as member:
        seen = (await member.get(f"{API}/auth/me/notifications")).json()
        assert seen["items"][0]["network_reminder_emails_enabled"] is False
