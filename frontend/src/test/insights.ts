/** An insights answer for the page's and the charts' tests, small enough to read. */
import type { Schemas } from "../api/client";

type Level = Schemas["GraphNode"]["level"];

export function graphNode(
  id: string,
  name: string,
  level: Level,
  facilitated: number,
  participated: number,
): Schemas["GraphNode"] {
  const total = facilitated + participated;
  return {
    organisation_id: id,
    name,
    level,
    country: null,
    facilitated,
    participated,
    balance: total ? (facilitated - participated) / total : null,
  };
}

export function insightsOf(over: Partial<Schemas["Insights"]> = {}): Schemas["Insights"] {
  return {
    network_id: "n1",
    from: null,
    to: null,
    computed_at: "2026-11-27T12:00:00Z",
    activities_held: 4,
    follow_ups: {
      expected: 5,
      with_follow_up: 2,
      rate: 0.4,
      missing_past_grace: 3,
      median_days_to_first_follow_up: 1,
      by_kind: [],
    },
    cadence: { expected: 1, held: 1, rate: 1, series: [] },
    graph: {
      nodes: [graphNode("G", "Wemos", "global", 3, 0), graphNode("L", "Local CBO", "local", 0, 3)],
      edges: [{ source: "G", target: "L", weight: 3 }],
      links: 1,
      reciprocal_links: 0,
      reciprocity: 0,
      facilitation_gini: 0.64,
    },
    level_flow: { cells: [], downward: 3, peer: 0, upward: 0 },
    multipliers: {
      organisations: 1,
      total: 1,
      items: [
        {
          organisation_id: "L",
          name: "Local CBO",
          activity_id: "a2",
          title: "Budget tracking, passed on",
          starts_at: "2026-03-05T09:00:00Z",
          original_activity_id: "a1",
          depth: 1,
          reach_people: 1,
          reach_organisations: 1,
          activities_down_chain: 1,
        },
      ],
    },
    capacity_by_quarter: [],
    participants_by_gender: {
      women: 0,
      men: 0,
      non_binary: 0,
      undisclosed: 0,
      activities_reporting: 0,
      participants_count: 0,
    },
    ...over,
  } as Schemas["Insights"];
}
