import { describe, expect, it } from "vitest";
import {
  balanceRows,
  capacityRows,
  fitLabel,
  flowVerdict,
  genderRows,
  graphLayout,
  levelMatrix,
  periodRange,
} from "./insights";
import { graphNode } from "../test/insights";

describe("insights chart shaping", () => {
  const graph = {
    nodes: [
      graphNode("L", "Local CBO", "local", 0, 3),
      graphNode("G", "Wemos", "global", 3, 1),
      graphNode("N", "National NGO", "national", 1, 1),
      graphNode("X", "Idle", "regional", 0, 0),
    ],
    edges: [
      { source: "G", target: "L", weight: 3 },
      { source: "N", target: "G", weight: 1 },
      { source: "G", target: "N", weight: 1 },
    ],
    links: 3,
    reciprocal_links: 2,
    reciprocity: 2 / 3,
    facilitation_gini: 0.5,
  };

  it("lays the graph out on a ring, by level, without idle organisations", () => {
    const { nodes, edges } = graphLayout(graph, 400, 100);
    expect(nodes.map((n) => n.name)).toEqual(["Wemos", "National NGO", "Local CBO"]);
    expect(nodes[0]).toMatchObject({ x: 200, y: 100, anchor: "middle" });
    // Node size grows with activity; the busiest gets the largest.
    expect(nodes[0]!.r).toBeGreaterThan(nodes[1]!.r);
    expect(edges).toHaveLength(3);
    const heavy = edges.find((e) => e.source === "G" && e.target === "L")!;
    expect(heavy.mutual).toBe(false);
    expect(heavy.width).toBe(5);
    expect(heavy.path).toMatch(/^M200,100 Q[\d.]+,[\d.]+ [\d.]+,[\d.]+$/);
    expect(edges.filter((e) => e.mutual)).toHaveLength(2);
  });

  it("mirrors the ring right to left, keeping each label's logical anchor", () => {
    const ltr = graphLayout(graph, 400, 100);
    const rtl = graphLayout(graph, 400, 100, "rtl");
    rtl.nodes.forEach((n, i) => {
      const l = ltr.nodes[i]!;
      expect(n.name).toBe(l.name);
      expect(n.x).toBeCloseTo(400 - l.x, 5);
      expect(n.labelX).toBeCloseTo(400 - l.labelX, 5);
      expect(n.y).toBe(l.y);
      expect(n.anchor).toBe(l.anchor);
    });
    expect(ltr.nodes[1]!.x).toBeGreaterThan(200);
    expect(rtl.nodes[1]!.x).toBeLessThan(200);
  });

  it("shortens a label to the room it has, with an ellipsis", () => {
    expect(fitLabel("Wemos", 100)).toBe("Wemos");
    // 12px glyphs at ~0.62em: 60px hold 8 characters, the last one the ellipsis.
    expect(fitLabel("National NGO of Kenya", 60)).toBe("Nationa…");
    // Never a space before the ellipsis, never a split character.
    expect(fitLabel("Local CBO network", 53)).toBe("Local…");
    expect(fitLabel("😀😀😀😀😀😀😀😀😀😀", 45)).toBe("😀😀😀😀😀…");
    const { nodes } = graphLayout(
      { ...graph, nodes: graph.nodes.map((n) => ({ ...n, name: `${n.name} with a very long name indeed` })) },
      400,
      100,
    );
    nodes.forEach((n) => {
      expect(n.label).toMatch(/…$/);
      expect(n.name.startsWith(n.label.slice(0, -1))).toBe(true);
    });
  });

  it("puts givers and receivers on either side of zero", () => {
    const rows = balanceRows(graph.nodes);
    expect(rows).toEqual([
      { name: "Wemos", gave: 3, received: -1, balance: 0.5 },
      { name: "Local CBO", gave: 0, received: -3, balance: -1 },
      { name: "National NGO", gave: 1, received: -1, balance: 0 },
    ]);
  });

  it("fills the level matrix in level order with relative shades", () => {
    const m = levelMatrix([
      { facilitator_level: "global", participant_level: "local", pairs: 4 },
      { facilitator_level: "local", participant_level: "global", pairs: 1 },
    ]);
    expect(m.map((r) => r.from)).toEqual(["global", "regional", "national", "local"]);
    expect(m[0]!.cells[3]).toEqual({ to: "local", pairs: 4, shade: 1 });
    expect(m[3]!.cells[0]).toEqual({ to: "global", pairs: 1, shade: 0.25 });
    expect(m[1]!.cells.every((c) => c.pairs === 0)).toBe(true);
  });

  it("says in words which way learning flows", () => {
    expect(flowVerdict({ downward: 8, peer: 1, upward: 1 })).toMatch(/top-down/);
    expect(flowVerdict({ downward: 4, peer: 2, upward: 4 })).toMatch(/Mutual/);
    expect(flowVerdict({ downward: 0, peer: 0, upward: 0 })).toMatch(/No learning/);
  });

  it("shapes capacity areas per quarter and gender shares", () => {
    expect(
      capacityRows([
        {
          quarter: "2026-Q1",
          starts_on: "2026-01-01",
          activities: 3,
          operate: 1,
          act: 2,
          connect: 0,
          technical: 0,
          thematic: 0,
          soft: 0,
        },
      ]),
    ).toEqual([{ quarter: "2026 Q1", operate: 1, act: 2, connect: 0 }]);
    const g = genderRows({
      women: 6,
      men: 3,
      non_binary: 1,
      undisclosed: 0,
      activities_reporting: 2,
      participants_count: 12,
    });
    expect(g.map((r) => r.share)).toEqual([0.6, 0.3, 0.1, 0]);
    expect(
      genderRows({
        women: 0,
        men: 0,
        non_binary: 0,
        undisclosed: 0,
        activities_reporting: 0,
        participants_count: 0,
      })[0]!.share,
    ).toBeNull();
  });

  it("turns a period choice into an API window", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(periodRange("12m", now)).toEqual({ from: "2025-11-27T00:00:00.000Z", to: "2026-11-28T00:00:00.000Z" });
    expect(periodRange("all", now)).toEqual({ from: null, to: null });
  });
});
