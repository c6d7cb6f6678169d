"""The giver -> receiver graph, reciprocity, facilitation Gini and level flow, by hand.

    a1  G  -> N1, N2          a4  N2 -> N1
    a2  G  -> N1, L           a5  N1 -> N1, L   (N1 with itself is no link)
    a3  G, N1 -> N2           a6  R  -> G, W

G global, R regional, N1 N2 W national, L local; Z national and never active; W left before
2025 but took part, so it counts; X left and Y joined outside 2025, so they do not.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.insights.helpers import YEAR_2025, activity, insights, org
from tests.support import World


async def build(world: World) -> tuple[dict[str, Any], dict[str, str]]:
    n = world.networks["A"].id
    async with world.client("member") as c:
        ids = {
            "G": await org(c, n, "G", "global"),
            "R": await org(c, n, "R", "regional"),
            "N1": await org(c, n, "N1"),
            "N2": await org(c, n, "N2"),
            "L": await org(c, n, "L", "local"),
            "Z": await org(c, n, "Z"),
            "W": await org(c, n, "W", left_on="2024-12-01"),
            "X": await org(c, n, "X", left_on="2024-06-30"),
            "Y": await org(c, n, "Y", joined_on="2026-05-01"),
        }

        async def held(when: str, givers: list[str], takers: list[str], **kw: Any) -> None:
            await activity(
                c,
                n,
                when,
                facilitator_ids=[ids[g] for g in givers],
                participant_ids=[ids[t] for t in takers],
                **kw,
            )

        await held("2025-01-10T09:00:00Z", ["G"], ["N1", "N2"])
        await held("2025-02-10T09:00:00Z", ["G"], ["N1", "L"])
        await held("2025-03-10T09:00:00Z", ["G", "N1"], ["N2"])
        await held("2025-04-10T09:00:00Z", ["N2"], ["N1"])
        await held("2025-05-10T09:00:00Z", ["N1"], ["N1", "L"])
        await held("2025-06-10T09:00:00Z", ["R"], ["G", "W"])
        # Not counted: planned, cancelled, or outside the period.
        await held("2025-07-10T09:00:00Z", ["L"], ["G"], status="planned")
        await held("2025-08-10T09:00:00Z", ["L"], ["G"], status="cancelled")
        await held("2024-07-10T09:00:00Z", ["L"], ["G"])
        await held("2026-01-01T00:00:00Z", ["L"], ["G"])  # `to` is exclusive
        body = await insights(c, n, YEAR_2025)
    return body, {v: k for k, v in ids.items()}


async def test_nodes_edges_reciprocity_and_gini(world: World) -> None:
    body, name_of = await build(world)
    graph = body["graph"]
    nodes = {name_of[node["organisation_id"]]: node for node in graph["nodes"]}
    assert [name_of[node["organisation_id"]] for node in graph["nodes"]] == [
        "G",  # facilitated 3
        "N1",  # 2
        "N2",  # 1, took part 2
        "R",  # 1, took part 0
        "L",  # 0, took part 2
        "W",  # 0, took part 1
        "Z",  # nothing
    ]
    counts = {k: (v["facilitated"], v["participated"], v["balance"]) for k, v in nodes.items()}
    assert counts == {
        "G": (3, 1, 0.5),
        "N1": (2, 4, pytest.approx(-1 / 3)),
        "N2": (1, 2, pytest.approx(-1 / 3)),
        "R": (1, 0, 1.0),
        "L": (0, 2, -1.0),
        "W": (0, 1, -1.0),
        "Z": (0, 0, None),
    }
    assert nodes["G"]["level"] == "global"

    edges = {(name_of[e["source"]], name_of[e["target"]]): e["weight"] for e in graph["edges"]}
    assert edges == {
        ("G", "N1"): 2,
        ("G", "N2"): 2,
        ("G", "L"): 1,
        ("N1", "N2"): 1,
        ("N2", "N1"): 1,
        ("N1", "L"): 1,
        ("R", "G"): 1,
        ("R", "W"): 1,
    }
    # Only N1 <-> N2 goes both ways: 2 of the 8 links.
    assert graph["links"] == 8
    assert graph["reciprocal_links"] == 2
    assert graph["reciprocity"] == 0.25
    # Facilitated counts over the 7 members: 3, 2, 1, 1, 0, 0, 0 (mean 1). The pairwise
    # differences sum to 28 over unordered pairs, 56 over ordered ones: 56 / (2 * 7^2 * 1).
    assert graph["facilitation_gini"] == pytest.approx(4 / 7)
    assert body["activities_held"] == 6


async def test_level_flow_matrix(world: World) -> None:
    body, _ = await build(world)
    flow = body["level_flow"]
    cells = {
        (c["facilitator_level"], c["participant_level"]): c["pairs"]
        for c in flow["cells"]
        if c["pairs"]
    }
    assert len(flow["cells"]) == 16
    assert cells == {
        ("global", "national"): 4,  # G -> N1 twice, G -> N2 twice
        ("global", "local"): 1,
        ("national", "national"): 2,  # N1 -> N2, N2 -> N1
        ("national", "local"): 1,
        ("regional", "global"): 1,
        ("regional", "national"): 1,  # R -> W
    }
    assert (flow["downward"], flow["peer"], flow["upward"]) == (7, 2, 1)


async def test_gini_is_zero_when_nobody_facilitated_and_one_giver_is_maximal(
    world: World,
) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        a = await org(c, n, "a")
        b = await org(c, n, "b")
        d = await org(c, n, "d")
        empty = (await insights(c, n))["graph"]
        await activity(c, n, "2025-01-10T09:00:00Z", facilitator_ids=[a], participant_ids=[b, d])
        one_giver = (await insights(c, n))["graph"]
    assert empty["facilitation_gini"] == 0
    assert empty["reciprocity"] is None and empty["links"] == 0
    # One of three members facilitates everything: (n - 1) / n.
    assert one_giver["facilitation_gini"] == pytest.approx(2 / 3)
    assert one_giver["reciprocity"] == 0


async def test_only_the_heaviest_links_are_listed_but_all_of_them_count(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big network has 100 000 links and more; listing them all made a 15 MB answer."""
    from services.core.insights import service

    monkeypatch.setattr(service, "MAX_EDGES", 3)
    body, name_of = await build(world)
    graph = body["graph"]
    listed = [(name_of[e["source"]], name_of[e["target"]], e["weight"]) for e in graph["edges"]]
    assert [weight for *_, weight in listed] == [2, 2, 1]
    assert set(listed[:2]) == {("G", "N1", 2), ("G", "N2", 2)}
    assert (graph["links"], graph["reciprocal_links"]) == (8, 2)
    # The level flow still adds up every link, not just the listed ones.
    assert sum(cell["pairs"] for cell in body["level_flow"]["cells"]) == 10
