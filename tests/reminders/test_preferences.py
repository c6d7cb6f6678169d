"""Reminder-email preferences per person and network, and the coordinators' network switch."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.builders import assert_problem
from tests.support import API, World

NOTIFICATIONS = f"{API}/auth/me/notifications"


async def choose(client: httpx.AsyncClient, *choices: tuple[Any, str]) -> httpx.Response:
    """One's reminder cadences changed in one request: (network id, cadence) pairs."""
    items = [{"network_id": str(network_id), "cadence": cadence} for network_id, cadence in choices]
    return await client.patch(NOTIFICATIONS, json={"items": items})


async def preferences(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """One's reminder preferences, a network each."""
    items: list[dict[str, Any]] = (await client.get(NOTIFICATIONS)).json()["items"]
    return items


async def test_every_network_starts_immediate_and_a_choice_is_kept(world: World) -> None:
    network = world.networks["A"]
    async with world.client("member") as member:
        assert await preferences(member) == [
            {
                "network_id": str(network.id),
                "network_name": network.name,
                "cadence": "immediate",
                "unsubscribed_at": None,
                "network_reminder_emails_enabled": True,
            }
        ]
        changed = await choose(member, (network.id, "weekly"))
        assert changed.status_code == 200, changed.text
        assert changed.json()["items"][0]["cadence"] == "weekly"
        assert (await preferences(member))[0]["cadence"] == "weekly"


async def test_a_network_one_is_not_in_is_refused_with_a_pointer(world: World) -> None:
    async with world.client("member") as member:
        answer = await choose(
            member, (world.networks["A"].id, "daily"), (world.networks["B"].id, "muted")
        )
        assert_problem(answer, 422)
        assert answer.json()["errors"][0]["pointer"] == "/items/1/network_id"
        # Nothing of a refused change is kept, not even its valid part.
        assert (await preferences(member))[0]["cadence"] == "immediate"


async def test_an_unknown_cadence_and_an_unknown_network_are_422(world: World) -> None:
    async with world.client("member") as member:
        assert_problem(await choose(member, (world.networks["A"].id, "hourly")), 422)
        ghost = await choose(member, (uuid.uuid4(), "daily"))
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
        assert (await preferences(member))[0]["network_reminder_emails_enabled"] is False
