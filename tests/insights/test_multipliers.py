"""Multipliers: who passed on what they received, how deep the chain goes and whom it reached.

O   visit      K -> M              2025-01-10..12   14 people
C1  cascade O  M -> Ng, B          2025-03-01       22 people   M took part in O: depth 1
C2  cascade C1 Ng -> C             2025-05-01       30 people   Ng took part in C1: depth 2
C5  cascade C2 C -> K              2025-08-01        7 people   C took part in C2: depth 3
C3  cascade C1 B                   planned: neither a multiplier nor reached
C4  cascade O  Ng -> B             held, but Ng did not take part in O
C6  cascade O  M -> B              held, but it started before O ended
"""

from __future__ import annotations

from typing import Any

from tests.insights.helpers import YEAR_2025, activity, insights, org
from tests.support import World


async def build(world: World) -> dict[str, str]:
    n = world.networks["A"].id
    async with world.client("member") as c:
        o = {name: await org(c, n, name) for name in ("K", "M", "Ng", "B", "C")}

        async def act(
            when: str, until: str, givers: list[str], takers: list[str], **kw: Any
        ) -> str:
            return await activity(
                c,
                n,
                when,
                until,
                facilitator_ids=[o[g] for g in givers],
                participant_ids=[o[t] for t in takers],
                **kw,
            )

        visit = await act(
            "2025-01-10T08:00:00Z", "2025-01-12T16:00:00Z", ["K"], ["M"], participants_count=14
        )
        c1 = await act(
            "2025-03-01T09:00:00Z",
            "2025-03-01T11:00:00Z",
            ["M"],
            ["Ng", "B"],
            participants_count=22,
            cascade_of=visit,
        )
        c2 = await act(
            "2025-05-01T09:00:00Z",
            "2025-05-01T11:00:00Z",
            ["Ng"],
            ["C"],
            participants_count=30,
            cascade_of=c1,
        )
        await act(
            "2025-08-01T09:00:00Z",
            "2025-08-01T11:00:00Z",
            ["C"],
            ["K"],
            participants_count=7,
            cascade_of=c2,
        )
        await act(
            "2025-04-01T09:00:00Z",
            "2025-04-01T11:00:00Z",
            ["B"],
            [],
            participants_count=50,
            cascade_of=c1,
            status="planned",
        )
        await act("2025-02-01T09:00:00Z", "2025-02-01T11:00:00Z", ["Ng"], ["B"], cascade_of=visit)
        await act("2025-01-11T09:00:00Z", "2025-01-11T11:00:00Z", ["M"], ["B"], cascade_of=visit)
    return {v: k for k, v in o.items()}


def summary(items: list[dict[str, Any]], name_of: dict[str, str]) -> list[tuple[Any, ...]]:
    return [
        (
            name_of[m["organisation_id"]],
            m["depth"],
            m["reach_people"],
            m["reach_organisations"],
            m["activities_down_chain"],
        )
        for m in items
    ]


async def test_multipliers_with_depth_and_reach(world: World) -> None:
    name_of = await build(world)
    async with world.client("viewer") as c:
        body = (await insights(c, world.networks["A"].id, YEAR_2025))["multipliers"]
    assert body["organisations"] == 3
    assert body["total"] == 3
    assert summary(body["items"], name_of) == [
        ("C", 3, 7, 1, 1),  # C5 reaches K
        ("Ng", 2, 30 + 7, 2, 2),  # C2 and C5 reach C and K
        ("M", 1, 22 + 30 + 7, 4, 3),  # C1, C2, C5 reach Ng, B, C, K; C3 was never held
    ]
    assert body["items"][2]["name"] == "M"


async def test_reach_stops_at_the_end_of_the_period(world: World) -> None:
    name_of = await build(world)
    async with world.client("viewer") as c:
        body = await insights(
            c,
            world.networks["A"].id,
            {"from": "2025-01-01T00:00:00Z", "to": "2025-06-01T00:00:00Z"},
        )
    # C5 (August) is neither a multiplier of the period nor reached by it yet.
    assert summary(body["multipliers"]["items"], name_of) == [
        ("Ng", 2, 30, 1, 1),
        ("M", 1, 22 + 30, 3, 2),
    ]
