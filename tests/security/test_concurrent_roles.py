"""Concurrent role changes cannot leave a network without a coordinator.

Two coordinators who demote (or remove) each other at the same moment: each request alone
passes the last-coordinator check, so only a check that holds under concurrency keeps one of
them. Every trial sends both requests at once over the ASGI app (real parallel transactions).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.support import API, World

TRIALS = 10

# Each sends the request one coordinator makes against the other's (or their own) membership.
Change = Callable[[httpx.AsyncClient, str], Awaitable[httpx.Response]]


async def _demote(client: httpx.AsyncClient, membership_id: str) -> httpx.Response:
    return await client.patch(f"{API}/memberships/{membership_id}", json={"role": "member"})


async def _remove(client: httpx.AsyncClient, membership_id: str) -> httpx.Response:
    return await client.delete(f"{API}/memberships/{membership_id}")


async def _coordinators(world: World, network_id: str) -> dict[str, str]:
    """email -> membership id of the network's coordinators."""
    async with world.client("admin") as admin:
        response = await admin.get(f"{API}/networks/{network_id}/members", params={"limit": 200})
    assert response.status_code == 200, response.text
    return {m["email"]: m["id"] for m in response.json()["items"] if m["role"] == "coordinator"}


async def _trial(
    world: World, number: int, changes: tuple[Change, Change], *, each_other: bool
) -> list[int]:
    network = await world.add_network(f"T{number}", {"a": "coordinator", "b": "coordinator"})
    before = await _coordinators(world, str(network.id))
    target = {"a": "b", "b": "a"} if each_other else {"a": "a", "b": "b"}
    async with world.client("a") as a, world.client("b") as b:
        responses = await asyncio.gather(
            changes[0](a, before[f"{target['a']}@example.org"]),
            changes[1](b, before[f"{target['b']}@example.org"]),
        )
    after = await _coordinators(world, str(network.id))
    assert len(after) == 1, (number, [r.status_code for r in responses], after)
    return [r.status_code for r in responses]


async def _trials(
    world: World, changes: tuple[Change, Change], *, each_other: bool
) -> list[list[int]]:
    """The two answers of each of TRIALS trials, coordinators a and b in a new network each."""
    await world.add_user("a")
    await world.add_user("b")
    return [await _trial(world, number, changes, each_other=each_other) for number in range(TRIALS)]


PAIRS = {
    "demote": (_demote, _demote),
    "remove": (_remove, _remove),
    "demote-and-remove": (_demote, _remove),
}


@pytest.mark.parametrize("changes", PAIRS.values(), ids=PAIRS.keys())
async def test_two_coordinators_changing_each_other_keep_one(
    world: World, changes: tuple[Change, Change]
) -> None:
    for number, statuses in enumerate(await _trials(world, changes, each_other=True)):
        won = [s for s in statuses if s in (200, 204)]
        # The loser gets 409 (the other is the last coordinator now); or, when its request was
        # authorised only after the winner's change to it had committed, 403 (demoted) or 404
        # (removed: no longer in the network).
        lost = [s for s in statuses if s in (403, 404, 409)]
        assert len(won) == 1 and len(lost) == 1, (number, statuses)


@pytest.mark.parametrize("changes", PAIRS.values(), ids=["demote", "leave", "demote-and-leave"])
async def test_two_coordinators_stepping_down_at_once_keep_one(
    world: World, changes: tuple[Change, Change]
) -> None:
    for statuses in await _trials(world, changes, each_other=False):
        # Each may change their own membership whatever the other did: the loser gets 409.
        assert sorted(statuses)[1] == 409 and sorted(statuses)[0] in (200, 204), statuses
