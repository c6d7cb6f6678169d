"""Capacity areas and skill kinds per quarter, and participants by gender, by hand."""

from __future__ import annotations

from tests.insights.helpers import YEAR_2025, activity, insights
from tests.support import World


async def test_capacity_areas_and_skill_kinds_per_quarter(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        await activity(
            c,
            n,
            "2025-01-15T09:00:00Z",
            capacity_areas=["operate", "act"],
            skill_kinds=["technical"],
        )
        await activity(
            c, n, "2025-02-20T09:00:00Z", capacity_areas=["act"], skill_kinds=["thematic", "soft"]
        )
        await activity(c, n, "2025-06-30T23:30:00Z", capacity_areas=["connect"])  # Q2 in UTC
        await activity(c, n, "2025-10-01T00:30:00Z", capacity_areas=["connect", "act"])
        await activity(c, n, "2025-04-10T09:00:00Z", capacity_areas=["operate"], status="planned")
        await activity(c, n, "2025-08-10T09:00:00Z", capacity_areas=["operate"], status="cancelled")
        quarters = (await insights(c, n, YEAR_2025))["capacity_by_quarter"]

    def row(
        q: str, day: str, n: int, areas: tuple[int, int, int], skills: tuple[int, int, int]
    ) -> dict[str, object]:
        return {
            "quarter": q,
            "starts_on": day,
            "activities": n,
            **dict(zip(("operate", "act", "connect"), areas, strict=True)),
            **dict(zip(("technical", "thematic", "soft"), skills, strict=True)),
        }

    assert quarters == [
        row("2025-Q1", "2025-01-01", 2, (1, 2, 0), (1, 1, 1)),
        row("2025-Q2", "2025-04-01", 1, (0, 0, 1), (0, 0, 0)),
        row("2025-Q3", "2025-07-01", 0, (0, 0, 0), (0, 0, 0)),  # nothing held: still listed
        row("2025-Q4", "2025-10-01", 1, (0, 1, 1), (0, 0, 0)),
    ]


async def test_participants_by_gender(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        await activity(
            c,
            n,
            "2025-01-15T09:00:00Z",
            participants_count=6,
            participants_by_gender={"women": 3, "men": 2},
        )
        await activity(c, n, "2025-02-15T09:00:00Z", participants_count=10)
        await activity(
            c,
            n,
            "2025-03-15T09:00:00Z",
            participants_by_gender={"women": 4, "non_binary": 1, "undisclosed": 2},
        )
        await activity(
            c,
            n,
            "2025-04-15T09:00:00Z",
            status="planned",
            participants_count=99,
            participants_by_gender={"women": 99},
        )
        body = await insights(c, n, YEAR_2025)
    assert body["participants_by_gender"] == {
        "women": 7,
        "men": 2,
        "non_binary": 1,
        "undisclosed": 2,
        "activities_reporting": 2,
        "participants_count": 16,
    }
    assert body["activities_held"] == 3
